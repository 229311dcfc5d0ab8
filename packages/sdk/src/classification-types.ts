/**
 * The result type and the two seams of the classifier: how texts become model inputs (the
 * tokenizer side) and how inputs become logits (the onnxruntime side). The classifier's logic in
 * `run-classification.ts` only sees these interfaces.
 */
import type { FloatOutput, IntegerInput } from './onnx-session.js';
import type { TextUnit } from './text-windows.js';

/** One text's classification. */
export interface ClassificationResult {
  /** The text, as given. */
  text: string;
  /** Candidate labels sorted by score, descending (after `threshold` and `topK`). */
  labels: string[];
  /** Scores of `labels`, same order: softmax probabilities (single-label) or sigmoids (multi-label). */
  scores: number[];
  /** True when part of the text did not fit the window and was not seen by the model. */
  truncated: boolean;
}

/** A batch ready for the model: its input tensors plus per-row facts from the tokenizer. */
export interface EncodedBatch {
  /** Named `[batch, sequence]` integer tensors (input_ids, attention_mask, lmask, token_type_ids). */
  inputs: Record<string, IntegerInput>;
  /** Labels found in each row's lmask (GliZNet) or 1 per row (cross-encoder pairs). */
  numLabels: number[];
  /** Whether each row's text was cut to fit. */
  truncated: boolean[];
}

/** The tokenizer side, as the classifier uses it. */
export interface ClassifierEncoder {
  /** Splits `labels` into groups (label indices) that each fit beside the text in `maxLength` tokens. */
  planLabelChunks(text: string, labels: readonly string[], options: { maxLength: number }): Promise<number[][]>;
  /**
   * GliZNet joint sequences: row i is `texts[i]` with its labels `labels[i]`, its text cut to at
   * most `maxTextTokens[i]` tokens when given (undefined: as many as fit).
   */
  encodeJoint(texts: readonly string[], labels: readonly (readonly string[])[], options: { maxLength: number; maxTextTokens?: readonly (number | undefined)[] }): Promise<EncodedBatch>;
  /**
   * Text tokens kept in every pass when a text's labels take several passes: what planLabelChunks
   * leaves room for in any chunk, so the same text is read in each pass whatever the label order.
   */
  sharedTextTokens(options: { maxLength: number }): number;
  /** Cross-encoder pairs: row i is `[CLS] texts[i] [SEP] labels[i] [SEP]`. */
  encodePairs(texts: readonly string[], labels: readonly string[], options: { maxLength: number }): Promise<EncodedBatch>;
  /** The text's words with their spans and token counts, for long-text windows. */
  textUnits(text: string): Promise<TextUnit[]>;
}

/** The model side: runs a batch and returns its `logits` (`[batch, numLabels]`, or `[batch, 1]` for pairs). */
export interface LogitsRunner {
  runLogits(inputs: Record<string, IntegerInput>): Promise<FloatOutput>;
}

/** Cumulative time spent per stage since the last reset, in milliseconds. */
export interface ClassifierTimings {
  /** Planning label chunks, long-text windows and encoding batches. */
  tokenizationMs: number;
  /** onnxruntime runs (including int64 conversion of the inputs). */
  inferenceMs: number;
  /** Merging, softmax/sigmoid, ranking. */
  postprocessingMs: number;
  /** Number of onnxruntime runs. */
  batches: number;
  /** Number of rows (passes) sent to the model. */
  passes: number;
}
