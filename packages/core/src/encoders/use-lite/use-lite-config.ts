/** The USE-Lite ("KonaTransformer") encoder's dimensions, read from config.json's Hugging Face keys. */
import { ConfigurationError } from '@gliznet/common';
import { probability } from '../bert/bert-config.js';
import { ACTIVATIONS } from '../../ops/activations.js';

export interface UseLiteConfig {
  vocabSize: number;
  /** Token embedding width (256), also layer 0's input width. */
  embeddingSize: number;
  /** Width of the token states from layer 0 on (512). */
  hiddenSize: number;
  numHiddenLayers: number;
  numAttentionHeads: number;
  intermediateSize: number;
  layerNormEps: number;
  /** FFN activation (`hidden_act`, default `relu` as pretrained). */
  hiddenAct: string;
  /** Dropout on the embedding and sublayer outputs in training (`hidden_dropout_prob`, default 0). */
  hiddenDropout: number;
  /** Dropout on attention weights in training (`attention_probs_dropout_prob`, default 0). */
  attentionDropout: number;
}

/** The pretrained model's `config.json` keys (docs/model-format.md). */
export const USE_LITE_HUGGING_FACE_CONFIG: Readonly<Record<string, unknown>> = {
  model_type: 'use-lite',
  vocab_size: 8002,
  embedding_size: 256,
  hidden_size: 512,
  num_hidden_layers: 2,
  num_attention_heads: 4,
  intermediate_size: 1536,
  hidden_act: 'relu',
  layer_norm_eps: 1e-6,
  max_position_embeddings: 128,
  pad_token_id: 4,
  hidden_dropout_prob: 0.1,
  attention_probs_dropout_prob: 0.1,
};

function positiveInteger(config: Record<string, unknown>, key: string, problems: string[]): number {
  const value = config[key];
  if (typeof value === 'number' && Number.isInteger(value) && value > 0) return value;
  problems.push(`${key} must be a positive integer, got ${JSON.stringify(value)}`);
  return 1;
}

/** Reads and checks the keys; throws ConfigurationError listing every problem. */
export function parseUseLiteConfig(huggingFace: Record<string, unknown>): UseLiteConfig {
  const problems: string[] = [];
  const config: UseLiteConfig = {
    vocabSize: positiveInteger(huggingFace, 'vocab_size', problems),
    embeddingSize: positiveInteger(huggingFace, 'embedding_size', problems),
    hiddenSize: positiveInteger(huggingFace, 'hidden_size', problems),
    numHiddenLayers: positiveInteger(huggingFace, 'num_hidden_layers', problems),
    numAttentionHeads: positiveInteger(huggingFace, 'num_attention_heads', problems),
    intermediateSize: positiveInteger(huggingFace, 'intermediate_size', problems),
    layerNormEps: typeof huggingFace['layer_norm_eps'] === 'number' ? huggingFace['layer_norm_eps'] : 1e-6,
    hiddenAct: typeof huggingFace['hidden_act'] === 'string' ? huggingFace['hidden_act'] : 'relu',
    hiddenDropout: probability(huggingFace, 'hidden_dropout_prob', problems),
    attentionDropout: probability(huggingFace, 'attention_probs_dropout_prob', problems),
  };
  if (!(ACTIVATIONS as readonly string[]).includes(config.hiddenAct)) problems.push(`hidden_act ${JSON.stringify(config.hiddenAct)} is not supported; use one of ${ACTIVATIONS.join(', ')}`);
  if (config.embeddingSize % 2 !== 0) problems.push(`embedding_size must be even (sin and cos halves), got ${config.embeddingSize}`);
  for (const width of [config.embeddingSize, config.hiddenSize]) {
    if (width % config.numAttentionHeads !== 0) problems.push(`width ${width} is not divisible by num_attention_heads ${config.numAttentionHeads}`);
  }
  if (problems.length > 0) throw new ConfigurationError(`use-lite config is invalid:\n  - ${problems.join('\n  - ')}`, { problems });
  return config;
}
