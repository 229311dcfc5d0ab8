/**
 * What an encoder graph consumes and produces, whichever family builds it.
 */
import type { GraphBuilder } from './graph-builder.js';
import type { EncoderDimensions } from './model-dimensions.js';
import type { ModelWeights } from './model-weights.js';
import { buildBertEncoder } from './bert-graph.js';
import { buildUseLiteEncoder } from './use-lite-graph.js';

export interface EncoderGraphInputs {
  /** int64 [batch, sequence] */
  inputIds: string;
  /** int64 [batch, sequence], 1 for real tokens */
  attentionMask: string;
  /** int64 [batch, sequence]; required by bert, absent for use-lite */
  tokenTypeIds: string | null;
  /** float32 [batch, 1, sequence, sequence] attention bias replacing the padding-only one (gliznet `label_attention`); it masks padded keys too. */
  maskBias?: string;
  /** int64 [batch, sequence] position ids replacing 0, 1, 2, ... (gliznet `label_positions`). */
  positionIds?: string;
}

export interface EncoderGraph {
  /** float32 [batch, sequence, hidden]: final token states. */
  hiddenStates: string;
  /** float32 [batch, heads, sequence, sequence]: the last layer's attention probabilities. */
  lastAttentionProbabilities: string;
  hiddenSize: number;
}

/** Appends the encoder the dimensions describe. */
export function buildEncoder(builder: GraphBuilder, inputs: EncoderGraphInputs, dimensions: EncoderDimensions, weights: ModelWeights): EncoderGraph {
  return dimensions.family === 'use-lite' ? buildUseLiteEncoder(builder, inputs, dimensions, weights) : buildBertEncoder(builder, inputs, dimensions, weights);
}
