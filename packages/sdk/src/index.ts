// @gliznet/sdk: zero-shot text classification with GliZNet ONNX models on onnxruntime-node. See README.md.
export { ZeroShotClassifier, checkSessionSignature, type FromPretrainedOptions } from './zero-shot-classifier.js';
export type { ClassificationResult, ClassifierTimings, ClassifierEncoder, EncodedBatch, LogitsRunner } from './classification-types.js';
export { DEFAULT_BATCH_SIZE, DEFAULT_LABEL_ORDER, resolveClassifyOptions, type ClassifyOptions, type LabelOrder, type LongTextMode, type ResolvedClassifyOptions } from './classify-options.js';
export { runClassification, type RunClassificationInput } from './run-classification.js';
export { OnnxSession, type OnnxSessionOptions, type IntegerInput, type FloatOutput } from './onnx-session.js';
export { inspectModelDirectory, resolveDefaultModelDirectory, repositoryDefaultModelDirectory, onnxFileName, MODEL_DIR_ENVIRONMENT_VARIABLE, type ModelDirectoryContents } from './model-directory.js';
export { createTokenizerEncoder, loadClassifierEncoder } from './tokenizer-adapter.js';
export { aggregateWindowLogits, logitsToScores, mergeLabelChunkLogits, rankLabels, sigmoid, softmax, type PartialLogits, type RankedLabels } from './scores.js';
export { splitIntoWindows, type TextUnit, type TextWindow, type TextWindowOptions } from './text-windows.js';
export { runCli, type CliDependencies } from './cli/run-cli.js';
// Errors thrown by the SDK, re-exported so callers need not import @gliznet/common.
export { GliznetError, InvalidArgumentError, InputTooLongError, ModelLoadError, ConfigurationError, DataFormatError } from '@gliznet/common';
