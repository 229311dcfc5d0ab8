// @gliznet/core: public API. See README.md.
export { selectBackend, selectedBackend, type BackendName, type BackendRequest, type SelectBackendOptions, type SelectedBackend } from './backend.js';
export { GliznetModel, type ForwardOptions, type ForwardOutput, type SaveOptions, type FromPretrainedOptions } from './gliznet-model.js';
export { SentenceEmbedder, type SentenceEmbedderOptions } from './sentence-embedder.js';
export { LABEL_SENTENCE_TEMPLATE, LabelCosineScorer, type EmbedSentences } from './label-cosine-scorer.js';
export { BERT_DEFAULT_MAX_TOKENS, bertSentenceIds } from './bert-sentence-ids.js';
export type { ModelInputs } from './inputs.js';
export type { Encoder, EncoderInputs, EncoderOutput } from './encoders/encoder.js';
export type { NamedWeight, ParameterSpec } from './parameters.js';
export {
  loadUseLiteWeights,
  readUseLiteGraphWeights,
  useLitePackageDirectory,
  USE_LITE_SPECIAL_TOKENS,
  USE_LITE_UNTRAINED_ROWS,
  type LoadUseLiteWeightsOptions,
} from './encoders/use-lite/use-lite-weights.js';
export { USE_LITE_HUGGING_FACE_CONFIG } from '@gliznet/common';
export { PADDED_LABEL_LOGIT } from './heads/gliznet-head.js';
export { POOLING_EPSILON } from './heads/label-pooling.js';
export { matMul, transposeLastTwo } from './ops/matmul.js';
export { dense } from './ops/dense.js';
export { embeddingLookup } from './ops/embedding-lookup.js';
export { layerNorm } from './ops/layer-norm.js';
export { multiHeadAttention, attentionBias, firstQueryAttention } from './ops/attention.js';
export { TfOps, l2Normalize } from './ops/tf-ops.js';
export { readModelDirectory, writeModelDirectory, CONFIG_FILE, TOKENIZER_FILE, WEIGHTS_FILE } from './model-io.js';
