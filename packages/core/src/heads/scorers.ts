/** Text-label similarity scorers (the report's dot, bilinear and learned linear, plus scaled cosine). */
import type { Similarity } from '@gliznet/common';
import * as tf from '../tf.js';
import type { ParameterSpec, ParameterStore } from '../parameters.js';
import { dense } from '../ops/dense.js';

/** Initial `gliznet.scorer.scale` of the cosine scorer. */
export const COSINE_INITIAL_SCALE = 10;
/** Initial `gliznet.scorer.bias` of the cosine scorer. */
export const COSINE_INITIAL_BIAS = -5;
/** Floor of a vector's L2 norm in the cosine scorer: cos = t.l / (max(|t|, eps) max(|l|, eps)). */
export const COSINE_EPSILON = 1e-12;

/**
 * Scorer tensors for width `d`. Initialised so every scorer but cosine starts equal to `dot`:
 * bilinear W = I / d, dot_learning w = 1 / d, b = 0. Cosine: scale 10, bias -5.
 */
export function scorerSpecs(similarity: Similarity, width: number): ParameterSpec[] {
  if (similarity === 'bilinear') {
    const identity = new Float32Array(width * width);
    for (let i = 0; i < width; i++) identity[i * width + i] = 1 / width;
    return [{ name: 'gliznet.scorer.weight', shape: [width, width], transposed: false, trainable: true, initializer: { kind: 'values', values: identity } }];
  }
  if (similarity === 'dot_learning') {
    return [
      { name: 'gliznet.scorer.weight', shape: [1, width], transposed: true, trainable: true, initializer: { kind: 'values', values: new Float32Array(width).fill(1 / width) } },
      { name: 'gliznet.scorer.bias', shape: [1], transposed: false, trainable: true, initializer: { kind: 'zeros' } },
    ];
  }
  if (similarity === 'cosine') {
    return [
      { name: 'gliznet.scorer.scale', shape: [1], transposed: false, trainable: true, initializer: { kind: 'values', values: Float32Array.of(COSINE_INITIAL_SCALE) } },
      { name: 'gliznet.scorer.bias', shape: [1], transposed: false, trainable: true, initializer: { kind: 'values', values: Float32Array.of(COSINE_INITIAL_BIAS) } },
    ];
  }
  return [];
}

/**
 * `x / max(|x|, COSINE_EPSILON)` over the last axis, computed as `x / sqrt(max(sum x^2, eps^2))` so
 * a zero vector (an empty label slot) has a finite gradient. [..., d] -> [..., d].
 */
export function l2Normalize(x: tf.Tensor): tf.Tensor {
  const squaredNorm = tf.sum(tf.square(x), -1, true); // [..., 1]
  return tf.div(x, tf.sqrt(tf.maximum(squaredNorm, COSINE_EPSILON * COSINE_EPSILON)));
}

/**
 * Scores every label against its text. `text` [batch, d], `labels` [batch, numLabels, d] ->
 * [batch, numLabels].
 *   dot:          mean_k t_k l_k
 *   bilinear:     t^T W l
 *   dot_learning: w . (t * l) + b
 *   cosine:       scale * t.l / (max(|t|, 1e-12) max(|l|, 1e-12)) + bias
 */
export function score(similarity: Similarity, parameters: ParameterStore, text: tf.Tensor, labels: tf.Tensor): tf.Tensor {
  const [batchSize, width] = text.shape as [number, number];
  const numLabels = labels.shape[1]!;
  const textPerLabel = tf.reshape(text, [batchSize, 1, width]);
  switch (similarity) {
    case 'dot':
      return tf.mean(tf.mul(labels, textPerLabel), 2);
    case 'bilinear': {
      const transformed = dense(text, parameters.get('gliznet.scorer.weight')); // [B, d] = t W
      return tf.sum(tf.mul(labels, tf.reshape(transformed, [batchSize, 1, width])), 2);
    }
    case 'dot_learning': {
      const products = tf.mul(labels, textPerLabel); // [B, L, d]
      const scores = dense(products, parameters.get('gliznet.scorer.weight'), parameters.get('gliznet.scorer.bias')); // [B, L, 1]
      return tf.reshape(scores, [batchSize, numLabels]);
    }
    case 'cosine': {
      const cosines = tf.sum(tf.mul(l2Normalize(labels), tf.reshape(l2Normalize(text), [batchSize, 1, width])), 2); // [B, L]
      return tf.add(tf.mul(cosines, parameters.get('gliznet.scorer.scale')), parameters.get('gliznet.scorer.bias'));
    }
  }
}
