/**
 * The encoder graph of any family in @gliznet/common's registry: the family's forward pass emitted
 * through GraphOps (the same definition @gliznet/core trains on tfjs).
 */
import { encoderFamily, type EncoderDimensions } from '@gliznet/common';
import type { GraphBuilder } from './graph-builder.js';
import { GraphOps } from './graph-ops.js';
import type { ModelWeights } from './model-weights.js';

export interface EncoderGraphInputs {
  /** int64 [batch, sequence] */
  inputIds: string;
  /** int64 [batch, sequence], 1 for real tokens */
  attentionMask: string;
  /** int64 [batch, sequence]; required by families that read token types (bert), null otherwise */
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
  const encoded = encoderFamily(dimensions.family).encode(new GraphOps(builder, weights), inputs, dimensions);
  return { ...encoded, hiddenSize: dimensions.hiddenSize };
}
