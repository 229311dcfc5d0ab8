/**
 * Test doubles for the classifier's two seams: a word-level "tokenizer" building real GliZNet
 * inputs (input_ids, attention_mask, lmask, padding, truncation, label chunk planning) and a
 * "model" whose logit for a label depends only on that label's tokens and the text, so results
 * are predictable and label chunking must reproduce the unchunked logits exactly.
 */
import type { ClassifierEncoder, EncodedBatch, LogitsRunner } from '../classification-types.js';
import type { FloatOutput, IntegerInput } from '../onnx-session.js';
import { wordSpans, type TextUnit } from '../text-windows.js';

const CLS = 1;
const SEP = 2;
const SEMICOLON = 3;

function words(text: string): string[] {
  return text.split(/\s+/).filter((word) => word !== '');
}

/** Token id of a word: a stable hash in 10..1009. */
export function wordId(word: string): number {
  let hash = 7;
  for (const character of word) hash = (hash * 31 + (character.codePointAt(0) ?? 0)) % 1000;
  return hash + 10;
}

/** Text-dependent offset shared by every label of a window. */
function textOffset(ids: readonly number[]): number {
  return (ids.reduce((a, b) => a + b, 0) % 13) / 10;
}

/** The logit the fake model gives a label (its token ids) beside a text (its token ids). */
export function expectedLogit(labelIds: readonly number[], textIds: readonly number[]): number {
  return Math.fround((labelIds.reduce((a, b) => a + b, 0) % 97) / 10 - 4 - textOffset(textIds));
}

export function expectedLogitFor(label: string, text: string, options: { maxTextTokens?: number } = {}): number {
  const textIds = words(text).map(wordId).slice(0, options.maxTextTokens ?? Infinity);
  return expectedLogit(words(label).map(wordId), textIds);
}

export interface WordEncoderCalls {
  encodeJoint: { texts: string[]; labels: string[][] }[];
  encodePairs: { texts: string[]; labels: string[] }[];
}

/** A word-level encoder: text keeps at least `minTextTokens` words; labels never truncated. */
export function createWordEncoder(options: { minTextTokens?: number } = {}): ClassifierEncoder & { calls: WordEncoderCalls } {
  const minTextTokens = options.minTextTokens ?? 2;
  const calls: WordEncoderCalls = { encodeJoint: [], encodePairs: [] };
  const labelCost = (label: string) => words(label).length + 1;
  const pack = (rows: { ids: number[]; lmask: number[]; numLabels: number; truncated: boolean }[]): EncodedBatch => {
    const sequenceLength = Math.max(...rows.map((row) => row.ids.length));
    const batch = rows.length;
    const inputIds = new Int32Array(batch * sequenceLength);
    const attentionMask = new Int32Array(batch * sequenceLength);
    const lmask = new Int32Array(batch * sequenceLength);
    rows.forEach((row, r) => {
      inputIds.set(row.ids, r * sequenceLength);
      lmask.set(row.lmask, r * sequenceLength);
      attentionMask.fill(1, r * sequenceLength, r * sequenceLength + row.ids.length);
    });
    const dims = [batch, sequenceLength];
    return {
      inputs: { input_ids: { data: inputIds, dims }, attention_mask: { data: attentionMask, dims }, lmask: { data: lmask, dims }, token_type_ids: { data: new Int32Array(batch * sequenceLength), dims } },
      numLabels: rows.map((row) => row.numLabels),
      truncated: rows.map((row) => row.truncated),
    };
  };
  return {
    calls,
    async planLabelChunks(text, labels, { maxLength }) {
      // keep the whole text when it takes at most half the window (sharedTextTokens), else at least minTextTokens
      const textTokens = Math.max(minTextTokens, Math.min(words(text).length, Math.floor((maxLength - 2) / 2)));
      const budget = maxLength - 2 - textTokens;
      const chunks: number[][] = [];
      let current: number[] = [];
      let used = 0;
      labels.forEach((label, index) => {
        const cost = labelCost(label);
        if (cost > budget) throw new Error(`label ${label} does not fit`);
        if (used + cost > budget && current.length > 0) {
          chunks.push(current);
          current = [];
          used = 0;
        }
        current.push(index);
        used += cost;
      });
      chunks.push(current);
      return chunks;
    },
    sharedTextTokens({ maxLength }) {
      return Math.max(minTextTokens, Math.floor((maxLength - 2) / 2));
    },
    async encodeJoint(texts, labels, { maxLength, maxTextTokens }) {
      calls.encodeJoint.push({ texts: [...texts], labels: labels.map((list) => [...list]) });
      return pack(texts.map((text, r) => {
        const labelList = labels[r] as readonly string[];
        const labelTokens = labelList.reduce((total, label) => total + labelCost(label), 0);
        const textIds = words(text).map(wordId);
        const room = maxLength - 2 - labelTokens;
        if (room < minTextTokens) throw new Error('labels do not fit');
        const kept = textIds.slice(0, Math.min(room, maxTextTokens?.[r] ?? Infinity));
        const ids = [CLS, ...kept, SEP];
        const lmask = ids.map(() => 0);
        labelList.forEach((label, labelIndex) => {
          for (const word of words(label)) {
            ids.push(wordId(word));
            lmask.push(labelIndex + 1);
          }
          ids.push(SEMICOLON);
          lmask.push(0);
        });
        return { ids, lmask, numLabels: labelList.length, truncated: kept.length < textIds.length };
      }));
    },
    async encodePairs(texts, labels, { maxLength }) {
      calls.encodePairs.push({ texts: [...texts], labels: [...labels] });
      return pack(texts.map((text, r) => {
        const labelIds = words(labels[r] as string).map(wordId);
        const textIds = words(text).map(wordId);
        const kept = textIds.slice(0, maxLength - 3 - labelIds.length);
        const ids = [CLS, ...kept, SEP, ...labelIds, SEP];
        const lmask = ids.map((_, index) => (index > kept.length + 1 && index < ids.length - 1 ? 1 : 0));
        return { ids, lmask, numLabels: 1, truncated: kept.length < textIds.length };
      }));
    },
    async textUnits(text): Promise<TextUnit[]> {
      return wordSpans(text).map((span) => ({ ...span, tokens: 1 }));
    },
  };
}

/** Fake model: reads lmask / input_ids like a GliZNet graph and returns `[batch, numLabels]` logits (-10000 in padded slots). */
export function createWordRunner(): LogitsRunner & { batchShapes: number[][] } {
  const batchShapes: number[][] = [];
  return {
    batchShapes,
    async runLogits(inputs: Record<string, IntegerInput>): Promise<FloatOutput> {
      const ids = inputs['input_ids'] as IntegerInput;
      const lmask = (inputs['lmask'] as IntegerInput).data;
      const [batch, sequenceLength] = ids.dims as [number, number];
      batchShapes.push([batch, sequenceLength]);
      let numLabels = 0;
      for (const value of lmask) numLabels = Math.max(numLabels, value);
      const logits = new Float32Array(batch * numLabels).fill(-10000);
      for (let row = 0; row < batch; row += 1) {
        const rowIds = Array.from(ids.data.subarray(row * sequenceLength, (row + 1) * sequenceLength));
        const rowMask = Array.from(lmask.subarray(row * sequenceLength, (row + 1) * sequenceLength));
        const sepAt = rowIds.indexOf(SEP);
        const textIds = rowIds.slice(1, sepAt);
        for (let label = 1; label <= numLabels; label += 1) {
          const labelIds = rowIds.filter((_, position) => rowMask[position] === label);
          if (labelIds.length > 0) logits[row * numLabels + label - 1] = expectedLogit(labelIds, textIds);
        }
      }
      return { data: logits, dims: [batch, numLabels] };
    },
  };
}

/** Fake cross-encoder: one logit per `[CLS] text [SEP] label [SEP]` row, `[batch, 1]`. */
export function createPairRunner(): LogitsRunner {
  return {
    async runLogits(inputs: Record<string, IntegerInput>): Promise<FloatOutput> {
      const ids = inputs['input_ids'] as IntegerInput;
      const mask = (inputs['attention_mask'] as IntegerInput).data;
      const [batch, sequenceLength] = ids.dims as [number, number];
      const logits = new Float32Array(batch);
      for (let row = 0; row < batch; row += 1) {
        const rowIds = Array.from(ids.data.subarray(row * sequenceLength, (row + 1) * sequenceLength)).filter((_, position) => mask[row * sequenceLength + position] === 1);
        const sepAt = rowIds.indexOf(SEP);
        logits[row] = expectedLogit(rowIds.slice(sepAt + 1, rowIds.length - 1), rowIds.slice(1, sepAt));
      }
      return { data: logits, dims: [batch, 1] };
    },
  };
}
