/**
 * The classifier's tokenizer seam on @gliznet/tokenizer's JointTokenizer, whatever its backend
 * (the native binding in Node, the pure-JS tokenizer in browsers): label chunk planning, joint
 * (GliZNet) and pair (cross-encoder) batches as named int32 tensors, and word token counts for
 * long-text windows. Label encodings are cached by the tokenizer. Runtime-neutral.
 */
import { SPECIAL_TOKENS_PER_SEQUENCE, type JointTokenizer } from '@gliznet/tokenizer/core';
import type { ClassifierEncoder, EncodedBatch } from './classification-types.js';
import { wordSpans, type TextUnit } from './text-windows.js';

/** Indices of `groups` (consecutive slices of `labels`, as planLabelChunks returns) in `labels`. */
export function groupsToIndexRanges(labels: readonly string[], groups: readonly (readonly string[])[]): number[][] {
  let next = 0;
  const ranges = groups.map((group) => group.map(() => next++));
  if (next !== labels.length) throw new RangeError(`label chunks cover ${next} labels, expected ${labels.length}`);
  return ranges;
}

function toInputs(batch: { inputIds: Int32Array; attentionMask: Int32Array; tokenTypeIds: Int32Array; lmask: Int32Array; batchSize: number; sequenceLength: number }): EncodedBatch['inputs'] {
  const dims = [batch.batchSize, batch.sequenceLength]; // [batch, sequence]
  return {
    input_ids: { data: batch.inputIds, dims },
    attention_mask: { data: batch.attentionMask, dims },
    token_type_ids: { data: batch.tokenTypeIds, dims },
    lmask: { data: batch.lmask, dims },
  };
}

/**
 * True when `labels` fit in one window beside any text, so planning can skip tokenizing the text:
 * planLabelChunks reserves at most `max(minTextTokens, floor((maxLength - 3) / 2))` text tokens, so
 * labels (with separators) within the rest of the window always form a single chunk. Label
 * encodings come from the tokenizer's cache. (A test checks this agrees with planLabelChunks.)
 */
export async function labelsFitInOneWindow(tokenizer: JointTokenizer, labels: readonly string[], maxLength: number): Promise<boolean> {
  const encodings = await tokenizer.encodeLabels(labels);
  const labelTokens = encodings.reduce((sum, encoding) => sum + encoding.ids.length, 0) + (labels.length - 1) * tokenizer.separatorIds.length;
  const largestReservation = tokenizer.reservedTextTokens({ maxLength });
  return labelTokens <= maxLength - SPECIAL_TOKENS_PER_SEQUENCE - largestReservation;
}

/**
 * Wraps a GliznetTokenizer. Labels go through the tokenizer's `hypothesisTemplate` (config.json
 * `hypothesis_template`) for both architectures.
 */
export function createTokenizerEncoder(tokenizer: JointTokenizer): ClassifierEncoder {
  return {
    async planLabelChunks(text, labels, { maxLength }) {
      if (await labelsFitInOneWindow(tokenizer, labels, maxLength)) return [labels.map((_, index) => index)];
      return groupsToIndexRanges(labels, await tokenizer.planLabelChunks(text, labels, { maxLength }));
    },
    async encodeJoint(texts, labels, { maxLength, maxTextTokens }) {
      const batch = await tokenizer.encodeBatch(texts, labels, { maxLength, ...(maxTextTokens === undefined ? {} : { maxTextTokens }) });
      return { inputs: toInputs(batch), numLabels: batch.numLabels, truncated: batch.truncated };
    },
    async encodePairs(texts, labels, { maxLength }) {
      const batch = await tokenizer.encodePairBatch(texts, labels, { maxLength });
      return { inputs: toInputs(batch), numLabels: texts.map(() => 1), truncated: batch.truncated };
    },
    sharedTextTokens({ maxLength }) {
      return tokenizer.reservedTextTokens({ maxLength });
    },
    async textUnits(text): Promise<TextUnit[]> {
      const spans = wordSpans(text);
      if (spans.length === 0) return [];
      const encoded = await tokenizer.encodeTexts(spans.map((span) => text.slice(span.start, span.end)));
      return spans.map((span, index) => ({ ...span, tokens: Math.max(1, (encoded[index] as { ids: number[] }).ids.length) }));
    },
  };
}
