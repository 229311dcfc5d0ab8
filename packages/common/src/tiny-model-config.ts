/**
 * Small but complete model configurations for tests and examples, shared by `@gliznet/core` (tfjs
 * models) and `@gliznet/onnx-export` (random weights, ONNX graphs) so both describe the same models.
 */
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

/**
 * A complete ModelConfig for a tiny random model, e.g.
 * `GliznetModel.random(createTinyModelConfig({ encoder: 'use-lite', similarity: 'bilinear' }), { seed: 1 })`
 * (`@gliznet/core`) or `createRandomWeights(createTinyModelConfig(...), { seed: 1 })` (`@gliznet/onnx-export`).
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
  const huggingFace: Record<string, unknown> =
    encoder === 'use-lite'
      ? {
          model_type: 'use-lite',
          vocab_size: vocabSize,
          embedding_size: embeddingSize,
          hidden_size: hiddenSize,
          num_hidden_layers: numHiddenLayers,
          num_attention_heads: numAttentionHeads,
          intermediate_size: intermediateSize,
          hidden_act: hiddenAct ?? 'relu',
          layer_norm_eps: 1e-6,
          max_position_embeddings: 128,
          pad_token_id: 4,
        }
      : {
          model_type: 'bert',
          vocab_size: vocabSize,
          hidden_size: hiddenSize,
          num_hidden_layers: numHiddenLayers,
          num_attention_heads: numAttentionHeads,
          intermediate_size: intermediateSize,
          hidden_act: hiddenAct ?? 'gelu',
          max_position_embeddings: maxPositionEmbeddings,
          type_vocab_size: 2,
          layer_norm_eps: 1e-12,
          pad_token_id: 0,
        };
  return { huggingFace, gliznet: { ...DEFAULT_GLIZNET_SETTINGS, maxLength: 48, ...settings, encoder } };
}
