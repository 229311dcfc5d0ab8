/**
 * Label and text vectors from the joint pass, for every label of every text at once (no per-label
 * loops): a [batch, numLabels, sequence] membership matrix built from `lmask` turns pooling into
 * one batched matrix product.
 */
import * as tf from '../tf.js';
import { matMul } from '../ops/matmul.js';

/** Added to the weight sums so an empty (padded) label slot gives a zero vector, not NaN. */
export const POOLING_EPSILON = 1e-9;

export interface LabelMembership {
  /** 1 where token t belongs to label l: [batch, numLabels, sequence] */
  membership: tf.Tensor;
  /** 1 where the row has label l, 0 for a padded slot: [batch, numLabels] */
  labelMask: tf.Tensor;
  /** Largest label id in the batch's lmask. */
  numLabels: number;
}

/** Largest label id in a flat `lmask`. */
export function countLabels(lmask: ArrayLike<number>): number {
  let numLabels = 0;
  for (let i = 0; i < lmask.length; i++) numLabels = Math.max(numLabels, lmask[i]!);
  return numLabels;
}

/** Builds the membership matrix and label mask from a flat `lmask` [batch * sequence] (label ids 1..L, 0 elsewhere). */
export function labelMembership(lmask: ArrayLike<number>, options: { batchSize: number; sequenceLength: number; numLabels?: number }): LabelMembership {
  const { batchSize, sequenceLength } = options;
  const numLabels = options.numLabels ?? countLabels(lmask);
  const membership = new Float32Array(batchSize * numLabels * sequenceLength);
  const labelMask = new Float32Array(batchSize * numLabels);
  for (let row = 0; row < batchSize; row++) {
    for (let position = 0; position < sequenceLength; position++) {
      const label = lmask[row * sequenceLength + position]!;
      if (label <= 0 || label > numLabels) continue;
      membership[(row * numLabels + label - 1) * sequenceLength + position] = 1;
      labelMask[row * numLabels + label - 1] = 1;
    }
  }
  return {
    membership: tf.tensor3d(membership, [batchSize, numLabels, sequenceLength]),
    labelMask: tf.tensor2d(labelMask, [batchSize, numLabels]),
    numLabels,
  };
}

/**
 * Weighted average of each label's token states: label l = sum_j w_j h_j / (sum_j w_j + eps) over
 * positions j of label l. `weights` [batch, sequence] ([CLS] attention for `attention` pooling) or
 * undefined for the plain mean. `hiddenStates` [batch, sequence, hidden] -> [batch, numLabels, hidden].
 */
export function poolLabels(hiddenStates: tf.Tensor, membership: tf.Tensor, weights: tf.Tensor | undefined): tf.Tensor {
  const [batchSize, , sequenceLength] = membership.shape as [number, number, number];
  const weighted = weights === undefined ? membership : tf.mul(membership, tf.reshape(weights, [batchSize, 1, sequenceLength])); // [B, L, T]
  const sums = tf.add(tf.sum(weighted, 2, true), POOLING_EPSILON); // [B, L, 1]
  return tf.div(matMul(weighted, hiddenStates), sums); // [B, L, H]
}

/** Final [CLS] state: [batch, sequence, hidden] -> [batch, hidden]. */
export function clsPooling(hiddenStates: tf.Tensor): tf.Tensor {
  const [batchSize, , hiddenSize] = hiddenStates.shape as [number, number, number];
  return tf.reshape(tf.slice(hiddenStates, [0, 0, 0], [batchSize, 1, hiddenSize]), [batchSize, hiddenSize]);
}

/** Mean of the states where `mask` [batch, sequence] is 1: [batch, sequence, hidden] -> [batch, hidden]. */
export function maskedMeanPooling(hiddenStates: tf.Tensor, mask: tf.Tensor): tf.Tensor {
  const [batchSize, sequenceLength] = mask.shape as [number, number];
  const weights = tf.reshape(mask, [batchSize, sequenceLength, 1]);
  return tf.div(tf.sum(tf.mul(hiddenStates, weights), 1), tf.maximum(tf.sum(weights, 1), 1));
}
