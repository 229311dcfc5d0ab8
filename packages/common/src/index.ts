export {
  GliznetError,
  InvalidArgumentError,
  InputTooLongError,
  ModelLoadError,
  ConfigurationError,
  BackendUnavailableError,
  DataFormatError,
  InferenceError,
  AbortedError,
  type GliznetErrorOptions,
} from './errors.js';
export { writeFileAtomic, writeJsonAtomic } from './atomic-write.js';
export { runCommandProcess, type CommandRunner } from './command-process.js';
export { pathExists, isFile, isDirectory } from './path-checks.js';
export { enterCallerDirectory } from './caller-directory.js';
export { readSentencePooling, type SentencePooling, type SentencePoolingMode } from './sentence-pooling.js';
export {
  MODEL_FORMAT_VERSION,
  DEFAULT_GLIZNET_SETTINGS,
  parseModelConfig,
  modelConfigToJson,
  parseModelConfigText,
  validateGliznetSettings,
  type ModelConfig,
  type GliznetSettings,
  type EncoderFamily,
  type Architecture,
  type TextPooling,
  type LabelPooling,
  type LabelAttention,
  type LabelPositions,
  type Similarity,
} from './model-config.js';
export { readModelConfig } from './read-model-config.js';
export {
  readSafetensors,
  parseSafetensors,
  serializeSafetensors,
  writeSafetensors,
  halfToFloat,
  floatToHalf,
  type NamedTensor,
  type SafetensorsDtype,
  type SerializeOptions,
} from './safetensors.js';
export { createProgressReporter, formatDuration, type ProgressReporter, type ProgressReporterOptions, type ProgressStream } from './progress-reporter.js';
export { createSeededRandom, type SeededRandom } from './seeded-random.js';
export { normalizeLabel, canonicalLabelOrder, validateLabelText, validateLabelList } from './label-normalization.js';
export { parseCommandLine, formatHelp, type CommandSpec, type OptionSpec, type ParsedCommandLine, type ParsedValue } from './command-line.js';
export { type Ops, type HiddenActivation, type DenseOptions, type AttentionOptions, type AttentionResult } from './ops.js';
export { denseTensors, normTensors, type TensorSpec, type TensorInitializer } from './tensor-spec.js';
export { encoderFamilies, encoderFamily, encoderDimensions, ENCODER_FAMILIES, type EncoderDimensions } from './encoder-families/index.js';
export { type EncoderFamilyDefinition, type EncoderDimensionsBase, type EncoderInputs, type EncoderOutputs } from './encoder-families/encoder-family.js';
export { USE_LITE_HUGGING_FACE_CONFIG, inverseTimescales, type UseLiteDimensions } from './encoder-families/use-lite.js';
export { type BertDimensions } from './encoder-families/bert.js';
export { scorers, scorer, SIMILARITIES } from './scorers/index.js';
export { type ScorerDefinition } from './scorers/scorer.js';
export { COSINE_EPSILON, COSINE_INITIAL_BIAS, COSINE_INITIAL_SCALE } from './scorers/cosine.js';
export { headTensors, scorerWidth } from './heads/head-tensors.js';
export { applySentenceHead, crossEncoderLogits, scorePooledVectors } from './heads/head-forward.js';
