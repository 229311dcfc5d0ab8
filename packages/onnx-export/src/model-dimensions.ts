/**
 * Encoder sizes read from config.json's Hugging Face keys (docs/model-format.md), validated all at
 * once, and the list of every tensor (name and shape) a config needs in model.safetensors.
 */
import { ConfigurationError, type ModelConfig } from '@gliznet/common';

export interface UseLiteDimensions {
  family: 'use-lite';
  vocabSize: number;
  /** Width of the token embeddings and of layer 0's input (256 in USE-Lite). */
  embeddingSize: number;
  hiddenSize: number;
  numLayers: number;
  numHeads: number;
  intermediateSize: number;
  layerNormEps: number;
  /** Feed-forward activation (`hidden_act`, default `relu` as pretrained). */
  hiddenActivation: HiddenActivation;
}

export type HiddenActivation = 'gelu' | 'gelu_new' | 'relu';

export interface BertDimensions {
  family: 'bert';
  vocabSize: number;
  hiddenSize: number;
  numLayers: number;
  numHeads: number;
  intermediateSize: number;
  maxPositions: number;
  typeVocabSize: number;
  layerNormEps: number;
  hiddenActivation: HiddenActivation;
}

export type EncoderDimensions = UseLiteDimensions | BertDimensions;

const activationAliases: Record<string, HiddenActivation> = { gelu: 'gelu', gelu_new: 'gelu_new', gelu_pytorch_tanh: 'gelu_new', relu: 'relu' };

/** Reads and checks the encoder's sizes; throws ConfigurationError listing every problem. */
export function encoderDimensions(config: ModelConfig): EncoderDimensions {
  const keys = config.huggingFace;
  const problems: string[] = [];
  const positiveInteger = (key: string, fallback?: number): number => {
    const value = keys[key] ?? fallback;
    if (typeof value === 'number' && Number.isInteger(value) && value > 0) return value;
    problems.push(`${key} must be a positive integer, got ${JSON.stringify(value)}`);
    return Number.NaN; // never reported again by the divisibility checks below
  };
  const notDivisible = (size: number, divisor: number): boolean => Number.isInteger(size) && Number.isInteger(divisor) && size % divisor !== 0;
  const epsilon = (fallback: number): number => {
    const value = keys['layer_norm_eps'] ?? fallback;
    if (typeof value === 'number' && value > 0) return value;
    problems.push(`layer_norm_eps must be a positive number, got ${JSON.stringify(value)}`);
    return fallback;
  };
  let dimensions: EncoderDimensions;
  const readActivation = (fallback: HiddenActivation): HiddenActivation => {
    const activation = keys['hidden_act'] ?? fallback;
    const hiddenActivation = typeof activation === 'string' ? activationAliases[activation] : undefined;
    if (hiddenActivation === undefined) problems.push(`hidden_act ${JSON.stringify(activation)} is not supported; expected one of ${Object.keys(activationAliases).join(', ')}`);
    return hiddenActivation ?? fallback;
  };
  if (config.gliznet.encoder === 'use-lite') {
    dimensions = {
      family: 'use-lite',
      vocabSize: positiveInteger('vocab_size'),
      embeddingSize: positiveInteger('embedding_size'),
      hiddenSize: positiveInteger('hidden_size'),
      numLayers: positiveInteger('num_hidden_layers'),
      numHeads: positiveInteger('num_attention_heads'),
      intermediateSize: positiveInteger('intermediate_size'),
      layerNormEps: epsilon(1e-6),
      hiddenActivation: readActivation('relu'),
    };
    if (notDivisible(dimensions.embeddingSize, 2)) problems.push(`embedding_size must be even (sin and cos halves of the timing signal), got ${dimensions.embeddingSize}`);
    if (notDivisible(dimensions.embeddingSize, dimensions.numHeads)) problems.push(`embedding_size ${dimensions.embeddingSize} is not divisible by num_attention_heads ${dimensions.numHeads}`);
  } else {
    const positionType = keys['position_embedding_type'];
    if (positionType !== undefined && positionType !== 'absolute') problems.push(`position_embedding_type ${JSON.stringify(positionType)} is not supported; only "absolute"`);
    dimensions = {
      family: 'bert',
      vocabSize: positiveInteger('vocab_size'),
      hiddenSize: positiveInteger('hidden_size'),
      numLayers: positiveInteger('num_hidden_layers'),
      numHeads: positiveInteger('num_attention_heads'),
      intermediateSize: positiveInteger('intermediate_size'),
      maxPositions: positiveInteger('max_position_embeddings', 512),
      typeVocabSize: positiveInteger('type_vocab_size', 2),
      layerNormEps: epsilon(1e-12),
      hiddenActivation: readActivation('gelu'),
    };
  }
  if (notDivisible(dimensions.hiddenSize, dimensions.numHeads)) problems.push(`hidden_size ${dimensions.hiddenSize} is not divisible by num_attention_heads ${dimensions.numHeads}`);
  if (problems.length > 0) throw new ConfigurationError(`config.json does not describe a ${config.gliznet.encoder} encoder:\n  - ${problems.join('\n  - ')}`, { problems });
  return dimensions;
}

/** Width of the vectors the scorer compares: projection_dim when set, else hidden_size. */
export function scorerWidth(config: ModelConfig, dimensions: EncoderDimensions): number {
  return config.gliznet.projectionDim ?? dimensions.hiddenSize;
}

/**
 * Every tensor the config needs, with its safetensors shape (dense weights `[out, in]`). Tensors that
 * may be present but are not used by the inference graph (MLM heads, poolers unless `sentence_head`)
 * are not listed; see `isIgnoredTensorName`.
 */
export function requiredTensorShapes(config: ModelConfig, dimensions: EncoderDimensions): Map<string, number[]> {
  const shapes = new Map<string, number[]>();
  const dense = (prefix: string, outFeatures: number, inFeatures: number): void => {
    shapes.set(`${prefix}.weight`, [outFeatures, inFeatures]);
    shapes.set(`${prefix}.bias`, [outFeatures]);
  };
  const norm = (prefix: string, width: number): void => {
    shapes.set(`${prefix}.weight`, [width]);
    shapes.set(`${prefix}.bias`, [width]);
  };
  const hidden = dimensions.hiddenSize;
  if (dimensions.family === 'use-lite') {
    shapes.set('use_lite.embeddings.weight', [dimensions.vocabSize, dimensions.embeddingSize]);
    shapes.set('use_lite.timing_signal.inverse_timescales', [dimensions.embeddingSize / 2]);
    for (let layer = 0; layer < dimensions.numLayers; layer++) {
      const width = layer === 0 ? dimensions.embeddingSize : hidden;
      const prefix = `use_lite.layer.${layer}`;
      norm(`${prefix}.attention.layer_norm`, width);
      dense(`${prefix}.attention.qkv`, 3 * width, width);
      dense(`${prefix}.attention.output`, hidden, width);
      // A layer that changes the width (layer 0: embedding -> hidden) projects its residual.
      if (width !== hidden) dense(`${prefix}.residual`, hidden, width);
      norm(`${prefix}.ffn.layer_norm`, hidden);
      dense(`${prefix}.ffn.intermediate`, dimensions.intermediateSize, hidden);
      dense(`${prefix}.ffn.output`, hidden, dimensions.intermediateSize);
    }
  } else {
    shapes.set('bert.embeddings.word_embeddings.weight', [dimensions.vocabSize, hidden]);
    shapes.set('bert.embeddings.position_embeddings.weight', [dimensions.maxPositions, hidden]);
    shapes.set('bert.embeddings.token_type_embeddings.weight', [dimensions.typeVocabSize, hidden]);
    norm('bert.embeddings.LayerNorm', hidden);
    for (let layer = 0; layer < dimensions.numLayers; layer++) {
      const prefix = `bert.encoder.layer.${layer}`;
      dense(`${prefix}.attention.self.query`, hidden, hidden);
      dense(`${prefix}.attention.self.key`, hidden, hidden);
      dense(`${prefix}.attention.self.value`, hidden, hidden);
      dense(`${prefix}.attention.output.dense`, hidden, hidden);
      norm(`${prefix}.attention.output.LayerNorm`, hidden);
      dense(`${prefix}.intermediate.dense`, dimensions.intermediateSize, hidden);
      dense(`${prefix}.output.dense`, hidden, dimensions.intermediateSize);
      norm(`${prefix}.output.LayerNorm`, hidden);
    }
  }
  // The encoder's sentence head tanh(W x + b), applied to pooled vectors with `sentence_head: true`.
  if (config.gliznet.sentenceHead) dense(sentenceHeadPrefix(dimensions.family), hidden, hidden);
  if (config.gliznet.architecture === 'cross-encoder') {
    dense('cross_encoder.classifier', 1, hidden);
    return shapes;
  }
  const projectionDim = config.gliznet.projectionDim;
  if (projectionDim !== null) dense('gliznet.projection', projectionDim, hidden);
  const width = scorerWidth(config, dimensions);
  if (config.gliznet.similarity === 'bilinear') shapes.set('gliznet.scorer.weight', [width, width]);
  if (config.gliznet.similarity === 'dot_learning') dense('gliznet.scorer', 1, width);
  if (config.gliznet.similarity === 'cosine') {
    shapes.set('gliznet.scorer.scale', [1]);
    shapes.set('gliznet.scorer.bias', [1]);
  }
  return shapes;
}

/** Name prefix of the encoder's sentence head: `use_lite.pooler` or `bert.pooler.dense` (`.weight` [hidden, hidden], `.bias`). */
export function sentenceHeadPrefix(family: EncoderDimensions['family']): string {
  return family === 'use-lite' ? 'use_lite.pooler' : 'bert.pooler.dense';
}

/**
 * Tensors that checkpoints carry but the inference graph may not use (skipped, not errors, unless
 * `requiredTensorShapes` lists them, as it lists the pooler with `sentence_head: true`).
 */
export function isIgnoredTensorName(name: string): boolean {
  return (
    name.startsWith('use_lite.pooler.') ||
    name.startsWith('bert.pooler.') ||
    name.startsWith('cls.') ||
    name === 'bert.embeddings.position_ids'
  );
}
