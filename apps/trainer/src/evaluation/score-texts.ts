/**
 * Scores texts against candidate labels with a tfjs model through the SDK's own classification
 * pipeline (`@gliznet/sdk/pipeline`: input checks, label order, label chunks capped at
 * `maxLabelsPerPass`, the shared text cut of multi-pass texts, batching, the exact merge, softmax /
 * sigmoid), with a tfjs LogitsRunner in place of onnxruntime. The trainer's figures are therefore
 * the SDK's figures for the same weights; only the runtime differs.
 */
import type { GliznetModel } from '@gliznet/core';
import {
  createTokenizerEncoder,
  modelLimits,
  normalizeClassifyInput,
  resolveClassifyOptions,
  runClassification,
  type ClassifierTimings,
  type LabelOrder,
} from '@gliznet/sdk/pipeline';
import type { JointTokenizer } from '@gliznet/tokenizer';
import { createTfjsLogitsRunner } from './tfjs-logits-runner.js';

export interface ScoreTextsOptions {
  /** Sequences per forward pass. Default 32 (the SDK's). */
  batchSize?: number;
  /** Window in tokens. Default: the tokenizer's. */
  maxLength?: number;
  /** GliZNet: most labels per pass, as in the SDK. Default: the model's `max_labels`. */
  maxLabelsPerPass?: number;
  /** GliZNet: the order the labels are read in, as in the SDK. Default: the SDK's (`canonical`). */
  labelOrder?: LabelOrder;
  /** Called as texts finish (a few batches at a time) with the texts finished so far. */
  onProgress?: (done: number, total: number) => void;
}

/**
 * Texts go to the pipeline a few batches' worth at a time, so progress is reported as they finish:
 * `batchSize` texts first, then as many as make about this many batches of passes.
 */
const BATCHES_PER_CALL = 4;

/**
 * Per text, the SDK's score of each of `labels` (the same candidate list for every text), in
 * `labels` order: softmax probabilities across the labels, or with `multiLabel` an independent
 * sigmoid per label (a single candidate label is always a sigmoid, as in the SDK).
 */
export async function scoreTexts(
  model: GliznetModel,
  tokenizer: JointTokenizer,
  texts: readonly string[],
  labels: readonly string[],
  options: ScoreTextsOptions & { multiLabel: boolean },
): Promise<number[][]> {
  const input = normalizeClassifyInput([...texts], [...labels], { separator: tokenizer.separator });
  const resolved = resolveClassifyOptions(
    {
      multiLabel: options.multiLabel,
      ...(options.multiLabel ? { threshold: 0 } : {}), // every label's score is returned
      maxLength: options.maxLength ?? tokenizer.maxLength,
      ...(options.batchSize === undefined ? {} : { batchSize: options.batchSize }),
      ...(options.maxLabelsPerPass === undefined ? {} : { maxLabelsPerPass: options.maxLabelsPerPass }),
      ...(options.labelOrder === undefined ? {} : { labelOrder: options.labelOrder }),
    },
    model.settings,
    modelLimits(model.config.huggingFace),
  );
  const encoder = createTokenizerEncoder(tokenizer);
  const runner = createTfjsLogitsRunner(model);
  const timings: ClassifierTimings = { tokenizationMs: 0, inferenceMs: 0, postprocessingMs: 0, batches: 0, passes: 0 };
  const scores: number[][] = [];
  let textsPerCall = resolved.batchSize;
  while (scores.length < input.texts.length) {
    const start = scores.length;
    const results = await runClassification({
      texts: input.texts.slice(start, start + textsPerCall),
      labelLists: input.labelLists.slice(start, start + textsPerCall),
      options: resolved,
      architecture: model.architecture,
      encoder,
      runner,
      timings,
    });
    for (const result of results) {
      const byLabel = new Map(result.labels.map((label, index) => [label, result.scores[index]!]));
      scores.push(labels.map((label) => byLabel.get(label)!));
    }
    options.onProgress?.(scores.length, input.texts.length);
    const passesPerText = timings.passes / scores.length;
    textsPerCall = Math.max(1, Math.round((BATCHES_PER_CALL * resolved.batchSize) / passesPerText));
  }
  return scores;
}
