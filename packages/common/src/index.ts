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
export { parseCommandLine, formatHelp, type CommandSpec, type OptionSpec, type ParsedCommandLine, type ParsedValue } from './command-line.js';
export { createTinyModelConfig, type TinyModelOptions } from './tiny-model-config.js';
