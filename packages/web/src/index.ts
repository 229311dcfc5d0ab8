// @gliznet/web: zero-shot classification in the browser. See README.md.
export { ZeroShotClassifier, type FromPretrainedOptions } from './zero-shot-classifier.js';
export type { ModelSource, ModelFileSet } from './model-source.js';
export type { LoadProgressEvent, LoadProgressCallback, ModelFileRole } from './load-progress.js';
export { defaultThreads } from './web-onnx-session.js';
export type { ClassificationResult, ClassifierTimings, ClassifyOptions, LabelOrder, LongTextMode } from '@gliznet/sdk/pipeline';
export { GliznetError, InvalidArgumentError, InputTooLongError, ModelLoadError, ConfigurationError, InferenceError, AbortedError, BackendUnavailableError } from '@gliznet/common';
