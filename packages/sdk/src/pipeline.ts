// @gliznet/sdk/pipeline: the classification pipeline without a runtime (no node: modules, no
// onnxruntime-node), shared by the SDK (onnxruntime-node) and @gliznet/web (onnxruntime-web):
// input checks, option defaults, label chunk planning, long-text windows, batching, the exact merge
// of label chunks, scores and ranking. A runtime supplies a LogitsRunner and a JointTokenizer.
export type { ClassificationResult, ClassifierTimings, ClassifierEncoder, EncodedBatch, LogitsRunner } from './classification-types.js';
export type { IntegerInput, FloatOutput } from './onnx-session.js';
export { normalizeClassifyInput, type NormalizedClassifyInput } from './classify-input.js';
export {
  DEFAULT_BATCH_SIZE,
  DEFAULT_LABEL_ORDER,
  modelLimits,
  resolveClassifyOptions,
  type ClassifyOptions,
  type LabelOrder,
  type LongTextMode,
  type ModelLimits,
  type ResolvedClassifyOptions,
} from './classify-options.js';
export { runClassification, type RunClassificationInput, type ScoringOptions } from './run-classification.js';
export { createTokenizerEncoder, groupsToIndexRanges, labelsFitInOneWindow } from './joint-encoder.js';
export { checkSessionSignature } from './session-signature.js';
export { toBigInt64Array } from './int64.js';
export { runInt64Session, type RunInt64SessionOptions, type RuntimeTensor } from './run-int64-session.js';
export { aggregateWindowLogits, logitsToScores, mergeLabelChunkLogits, rankLabels, sigmoid, softmax, type PartialLogits, type RankedLabels } from './scores.js';
export { splitIntoWindows, type TextUnit, type TextWindow, type TextWindowOptions } from './text-windows.js';
export { batchBySimilarLength } from './batching.js';
export { createAbortCheck } from './abort-check.js';
