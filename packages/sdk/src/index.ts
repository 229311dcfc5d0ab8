// @gliznet/sdk: zero-shot text classification with GliZNet ONNX models on onnxruntime-node. See README.md.
export { ZeroShotClassifier, checkClassifyInput, checkSessionSignature, type FromPretrainedOptions, type ClassifyRequest, type ClassifyManyOptions, type ClassifyManyResult, type RequestScoringOptions } from './zero-shot-classifier.js';
export type { ClassificationResult, ClassifierTimings, ClassifierEncoder, EncodedBatch, LogitsRunner } from './classification-types.js';
export { DEFAULT_BATCH_SIZE, DEFAULT_LABEL_ORDER, modelLimits, resolveClassifyOptions, type ClassifyOptions, type LabelOrder, type LongTextMode, type ModelLimits, type ResolvedClassifyOptions } from './classify-options.js';
export { runClassification, type RunClassificationInput, type ScoringOptions } from './run-classification.js';
export { OnnxSession, DEFAULT_EXECUTION_PROVIDERS, type OnnxSessionOptions, type IntegerInput, type FloatOutput } from './onnx-session.js';
export {
  inspectModelDirectory,
  shipsOnlyInt8Graph,
  resolveDefaultModelDirectory,
  repositoryDefaultModelDirectory,
  installedModelPackageDirectory,
  onnxFileName,
  DEFAULT_MODEL_PACKAGE,
  MODEL_DIR_ENVIRONMENT_VARIABLE,
  type DefaultModelLocations,
  type ModelDirectoryContents,
} from './model-directory.js';
export { createTokenizerEncoder, loadClassifierEncoder } from './tokenizer-adapter.js';
export { aggregateWindowLogits, logitsToScores, mergeLabelChunkLogits, rankLabels, sigmoid, softmax, type PartialLogits, type RankedLabels } from './scores.js';
export { splitIntoWindows, type TextUnit, type TextWindow, type TextWindowOptions } from './text-windows.js';
export { runCli, type CliDependencies } from './cli/run-cli.js';
// Errors thrown by the SDK, re-exported so callers need not import @gliznet/common.
export { GliznetError, InvalidArgumentError, InputTooLongError, ModelLoadError, ConfigurationError, DataFormatError, InferenceError, AbortedError, BackendUnavailableError } from '@gliznet/common';
// Building blocks of `gliznet classify --input`, for front ends that must read and write exactly what it does (@gliznet/batch).
export { parseClassifyArguments, type ClassifyCommand } from './cli/classify-arguments.js';
export { attributeToRecord, toOutputRecord } from './cli/classify-command.js';
export { readInputRecords, type InputFormat, type InputRecord, type ReadInputOptions } from './cli/input-reader.js';
export { readLabelsFile } from './cli/labels-argument.js';
