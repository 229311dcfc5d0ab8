/**
 * Encodes a batch of training examples for either architecture:
 * - gliznet: one joint sequence per example, targets [batch, numLabels] aligned with the lmask ids
 *   (label i of an example is lmask id i + 1), zero in padded label slots;
 * - cross-encoder: one `[CLS] text [SEP] label [SEP]` pair per (example, label), targets [pairs, 1],
 *   so the O(n) baseline learns from exactly the same sampled labels.
 */
import type { GliznetBatchEncoding, GliznetTokenizer, TokenDropoutOptions } from '@gliznet/tokenizer';
import type { Architecture } from '@gliznet/common';
import type { TrainingExample } from './example-sampler.js';
import { fitToWindow } from './fit-to-window.js';

export interface EncodedTrainingBatch {
  /** The tokenizer's padded batch (the model's inputs). */
  inputs: GliznetBatchEncoding;
  /** Row-major targets: [batchSize, numLabels] (gliznet) or [pairs, 1] (cross-encoder). */
  targets: Float32Array;
  /** Columns of `targets`: the largest label count in the batch (1 for cross-encoder). */
  numLabels: number;
  /** Tokens in the batch (attention mask sum), for tokens/s. */
  tokens: number;
  /** Examples (not pairs) in the batch. */
  examples: number;
  /** The examples as encoded: candidates that did not fit the window are removed (gliznet). */
  fitted: readonly TrainingExample[];
}

export interface EncodeTrainingBatchOptions {
  architecture: Architecture;
  maxLength: number;
  /** Training-time text token dropout. */
  tokenDropout?: TokenDropoutOptions;
}

function countTokens(batch: GliznetBatchEncoding): number {
  return batch.lengths.reduce((sum, length) => sum + length, 0);
}

export async function encodeTrainingBatch(tokenizer: GliznetTokenizer, candidates: readonly TrainingExample[], options: EncodeTrainingBatchOptions): Promise<EncodedTrainingBatch> {
  // Joint sequences must fit the window: drop candidates (negatives first) where they do not.
  const examples = options.architecture === 'gliznet' ? await Promise.all(candidates.map(async (example) => (await fitToWindow(tokenizer, example, options)).example)) : candidates;
  const encodeOptions = { maxLength: options.maxLength, ...(options.tokenDropout ? { tokenDropout: options.tokenDropout } : {}) };
  if (options.architecture === 'cross-encoder') {
    const texts: string[] = [];
    const labels: string[] = [];
    const targets: number[] = [];
    for (const example of examples) {
      example.labels.forEach((label, index) => {
        texts.push(example.text);
        labels.push(label);
        targets.push(example.targets[index]!);
      });
    }
    const inputs = (await tokenizer.encodePairBatch(texts, labels, encodeOptions)) as GliznetBatchEncoding;
    return { inputs, targets: Float32Array.from(targets), numLabels: 1, tokens: countTokens(inputs), examples: examples.length, fitted: examples };
  }
  const inputs = await tokenizer.encodeBatch(
    examples.map((example) => example.text),
    examples.map((example) => example.labels),
    encodeOptions,
  );
  const numLabels = Math.max(...examples.map((example) => example.labels.length));
  const targets = new Float32Array(examples.length * numLabels);
  examples.forEach((example, row) => example.targets.forEach((target, column) => (targets[row * numLabels + column] = target)));
  return { inputs, targets, numLabels, tokens: countTokens(inputs), examples: examples.length, fitted: examples };
}
