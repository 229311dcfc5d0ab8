// @gliznet/common/testing: helpers for tests (gliznet's own and yours), not part of the runtime API.
export { createTinyModelConfig, type TinyModelOptions } from '../tiny-model-config.js';
