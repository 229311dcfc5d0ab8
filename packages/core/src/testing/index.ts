// @gliznet/core/testing: helpers for tests (gliznet's own and yours), not part of the runtime API.
// The tiny configs live in @gliznet/common/testing (shared with @gliznet/onnx-export); re-exported
// here for `GliznetModel.random(createTinyModelConfig(...))`. The other files of this folder are
// core's own test helpers and are not exported.
export { createTinyModelConfig, type TinyModelOptions } from '@gliznet/common/testing';
