/** Hugging Face `BertModel` dimensions from config.json (keys read verbatim). */
import { ConfigurationError } from '@gliznet/common';
import { ACTIVATIONS } from '../../ops/activations.js';

export interface BertConfig {
  vocabSize: number;
  hiddenSize: number;
  numHiddenLayers: number;
  numAttentionHeads: number;
  intermediateSize: number;
  hiddenAct: string;
  maxPositionEmbeddings: number;
  typeVocabSize: number;
  layerNormEps: number;
  /** Dropout on embeddings and sublayer outputs in training (`hidden_dropout_prob`, default 0). */
  hiddenDropout: number;
  /** Dropout on attention weights in training (`attention_probs_dropout_prob`, default 0). */
  attentionDropout: number;
}

/** A dropout rate key: absent means 0; otherwise a number in [0, 1). */
export function probability(huggingFace: Record<string, unknown>, key: string, problems: string[]): number {
  const value = huggingFace[key];
  if (value === undefined || value === null) return 0;
  if (typeof value === 'number' && value >= 0 && value < 1) return value;
  problems.push(`${key} must be a number in [0, 1), got ${JSON.stringify(value)}`);
  return 0;
}

/** Reads and checks the keys; throws ConfigurationError listing every problem. */
export function parseBertConfig(huggingFace: Record<string, unknown>): BertConfig {
  const problems: string[] = [];
  const integer = (key: string, fallback?: number): number => {
    const value = huggingFace[key] ?? fallback;
    if (typeof value === 'number' && Number.isInteger(value) && value > 0) return value;
    problems.push(`${key} must be a positive integer, got ${JSON.stringify(value)}`);
    return 1;
  };
  const config: BertConfig = {
    vocabSize: integer('vocab_size'),
    hiddenSize: integer('hidden_size'),
    numHiddenLayers: integer('num_hidden_layers'),
    numAttentionHeads: integer('num_attention_heads'),
    intermediateSize: integer('intermediate_size'),
    hiddenAct: typeof huggingFace['hidden_act'] === 'string' ? huggingFace['hidden_act'] : 'gelu',
    maxPositionEmbeddings: integer('max_position_embeddings', 512),
    typeVocabSize: integer('type_vocab_size', 2),
    layerNormEps: typeof huggingFace['layer_norm_eps'] === 'number' ? huggingFace['layer_norm_eps'] : 1e-12,
    hiddenDropout: probability(huggingFace, 'hidden_dropout_prob', problems),
    attentionDropout: probability(huggingFace, 'attention_probs_dropout_prob', problems),
  };
  if (!(ACTIVATIONS as readonly string[]).includes(config.hiddenAct)) problems.push(`hidden_act ${JSON.stringify(config.hiddenAct)} is not supported; use one of ${ACTIVATIONS.join(', ')}`);
  if (config.hiddenSize % config.numAttentionHeads !== 0) problems.push(`hidden_size ${config.hiddenSize} is not divisible by num_attention_heads ${config.numAttentionHeads}`);
  const modelType = huggingFace['model_type'];
  if (modelType !== undefined && modelType !== 'bert') problems.push(`model_type ${JSON.stringify(modelType)} is not supported by the bert encoder; it reads BertModel checkpoints (model_type "bert": bert-base, MiniLM, ...)`);
  const positionType = huggingFace['position_embedding_type'];
  if (positionType !== undefined && positionType !== 'absolute') problems.push(`position_embedding_type ${JSON.stringify(positionType)} is not supported; only "absolute"`);
  if (problems.length > 0) throw new ConfigurationError(`bert config is invalid:\n  - ${problems.join('\n  - ')}`, { problems });
  return config;
}
