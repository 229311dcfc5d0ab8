/**
 * `cosine`: scale * t.l / (max(|t|, 1e-12) max(|l|, 1e-12)) + bias with `gliznet.scorer.scale` [1]
 * (initially 10) and `gliznet.scorer.bias` [1] (initially -5).
 */
import type { ScorerDefinition } from './scorer.js';

/** Initial `gliznet.scorer.scale`. */
export const COSINE_INITIAL_SCALE = 10;
/** Initial `gliznet.scorer.bias`. */
export const COSINE_INITIAL_BIAS = -5;
/** Floor of a vector's L2 norm: cos = t.l / (max(|t|, eps) max(|l|, eps)). */
export const COSINE_EPSILON = 1e-12;

export const cosineScorer: ScorerDefinition = {
  name: 'cosine',
  tensors: () => [
    { name: 'gliznet.scorer.scale', shape: [1], transposed: false, trainable: true, initializer: { kind: 'values', values: Float32Array.of(COSINE_INITIAL_SCALE) } },
    { name: 'gliznet.scorer.bias', shape: [1], transposed: false, trainable: true, initializer: { kind: 'values', values: Float32Array.of(COSINE_INITIAL_BIAS) } },
  ],
  score(ops, text, labels) {
    const cosines = ops.rowDots(ops.l2Normalize(labels, COSINE_EPSILON), ops.l2Normalize(text, COSINE_EPSILON)); // [batch, numLabels]
    const scale = ops.vector('gliznet.scorer.scale');
    const bias = ops.vector('gliznet.scorer.bias');
    return ops.add(ops.mul(cosines, scale), bias);
  },
};
