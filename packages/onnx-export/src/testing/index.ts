// @gliznet/onnx-export/testing: tiny random model directories for tests (gliznet's own and yours),
// not part of the runtime API. The other files of this folder are the exporter's own parity-test
// helpers and are not exported.
export { createRandomWeights, writeRandomModelDirectory, seededRandom, type RandomModelDirectoryOptions } from '../random-weights.js';
// The tiny configs live in @gliznet/common/testing (shared with @gliznet/core); re-exported for convenience.
export { createTinyModelConfig, type TinyModelOptions, type TinyModelOptions as TinyModelConfigOptions } from '@gliznet/common/testing';
export { createTinyTokenizerJson, tinyVocabulary } from '../tiny-tokenizer.js';
