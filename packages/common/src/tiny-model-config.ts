/**
 * Small but complete model configurations for tests and examples, shared by `@gliznet/core` (tfjs
 * models) and `@gliznet/onnx-export` (random weights, ONNX graphs) so both describe the same models.
 * Exported from `@gliznet/common/testing` (and re-exported by core's and onnx-export's `/testing`).
 */
import { encoderFamily } from './encoder-families/index.js';
import { DEFAULT_GLIZNET_SETTINGS, type EncoderFamily, type GliznetSettings, type ModelConfig } from './model-config.js';

export interface TinyModelOptions extends Partial<Omit<GliznetSettings, 'encoder'>> {
  /** Encoder family (default `bert`). */
  encoder?: EncoderFamily;
  /** Vocabulary rows (default 100). */
  vocabSize?: number;
  /** Token state width (default 32). */
  hiddenSize?: number;
  /** use-lite only: embedding width, layer 0's input (default 16). */
  embeddingSize?: number;
  /** Default 2. */
  numHiddenLayers?: number;
  /** Default 4. */
  numAttentionHeads?: number;
  /** Default 37. */
  intermediateSize?: number;
  /** bert only: position table rows (default 64). */
  maxPositionEmbeddings?: number;
  /** Feed-forward activation (`hidden_act`). Default: `relu` for use-lite, `gelu` for bert (as pretrained). */
  hiddenAct?: string;
}

type TinySizes = Required<Omit<TinyModelOptions, keyof GliznetSettings | 'hiddenAct'>> & Pick<TinyModelOptions, 'hiddenAct'>;

/**
 * The Hugging Face keys of a tiny encoder, per family. Typed by the registry's keys, so a family
 * added to `encoderFamilies` without a tiny config here does not compile.
 */
const tinyHuggingFaceConfigs: { readonly [F in EncoderFamily]: (sizes: TinySizes) => Record<string, unknown> } = {
  'use-lite': (sizes) => ({
    model_type: 'use-lite',
    vocab_size: sizes.vocabSize,
    embedding_size: sizes.embeddingSize,
    hidden_size: sizes.hiddenSize,
    num_hidden_layers: sizes.numHiddenLayers,
    num_attention_heads: sizes.numAttentionHeads,
    intermediate_size: sizes.intermediateSize,
    hidden_act: sizes.hiddenAct ?? 'relu',
    layer_norm_eps: 1e-6,
    max_position_embeddings: 128,
    pad_token_id: 4,
  }),
  bert: (sizes) => ({
    model_type: 'bert',
    vocab_size: sizes.vocabSize,
    hidden_size: sizes.hiddenSize,
    num_hidden_layers: sizes.numHiddenLayers,
    num_attention_heads: sizes.numAttentionHeads,
    intermediate_size: sizes.intermediateSize,
    hidden_act: sizes.hiddenAct ?? 'gelu',
    max_position_embeddings: sizes.maxPositionEmbeddings,
    type_vocab_size: 2,
    layer_norm_eps: 1e-12,
    pad_token_id: 0,
  }),
};

/**
 * A complete ModelConfig for a tiny random model, e.g.
 * `GliznetModel.random(createTinyModelConfig({ encoder: 'use-lite', similarity: 'bilinear' }), { seed: 1 })`
 * (`@gliznet/core`) or `createRandomWeights(createTinyModelConfig(...), { seed: 1 })` (`@gliznet/onnx-export/testing`).
 * An `encoder` that is not a registered family is a ConfigurationError naming it and the known ones.
 */
export function createTinyModelConfig(options: TinyModelOptions = {}): ModelConfig {
  const {
    encoder = 'bert',
    vocabSize = 100,
    hiddenSize = 32,
    embeddingSize = 16,
    numHiddenLayers = 2,
    numAttentionHeads = 4,
    intermediateSize = 37,
    maxPositionEmbeddings = 64,
    hiddenAct,
    ...settings
  } = options;
  const family = encoderFamily(encoder).name as EncoderFamily; // throws ConfigurationError for an unknown name
  const huggingFace = tinyHuggingFaceConfigs[family]({ vocabSize, hiddenSize, embeddingSize, numHiddenLayers, numAttentionHeads, intermediateSize, maxPositionEmbeddings, hiddenAct });
  return { huggingFace, gliznet: { ...DEFAULT_GLIZNET_SETTINGS, maxLength: 48, ...settings, encoder: family } };
}
