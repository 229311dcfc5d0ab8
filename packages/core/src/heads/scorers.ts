/** Text-label similarity scorers (the report's dot, bilinear and learned linear). */
import type { Similarity } from '@gliznet/common';
import * as tf from '../tf.js';
import type { ParameterSpec, ParameterStore } from '../parameters.js';
import { dense } from '../ops/dense.js';

/**
 * Scorer tensors for width `d`. Initialised so every scorer starts equal to `dot`:
 * bilinear W = I / d, dot_learning w = 1 / d, b = 0.
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
  return [];
}

/**
 * Scores every label against its text. `text` [batch, d], `labels` [batch, numLabels, d] ->
 * [batch, numLabels].
 *   dot:          mean_k t_k l_k
 *   bilinear:     t^T W l
 *   dot_learning: w . (t * l) + b
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
  }
}
