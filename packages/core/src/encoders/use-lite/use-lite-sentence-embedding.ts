/** USE-Lite's pretrained sentence vector (what `@energetic-ai/embeddings` returns), on tfjs. */
import * as tf from '../../tf.js';
import type { ParameterStore } from '../../parameters.js';
import { dense } from '../../ops/dense.js';

/**
 * Masked mean of the token states (divided by max(length, 1)), the tanh layer `use_lite.pooler`,
 * L2 normalisation (epsilon 1e-12). `hiddenStates` [B, T, H], `attentionMask` [B, T] -> [B, H].
 */
export function useLiteSentenceEmbedding(parameters: ParameterStore, hiddenStates: tf.Tensor, attentionMask: tf.Tensor): tf.Tensor {
  const [batchSize, sequenceLength] = attentionMask.shape as [number, number];
  const valid = tf.reshape(attentionMask, [batchSize, sequenceLength, 1]);
  const lengths = tf.maximum(tf.sum(valid, 1), 1); // [B, 1]
  const pooled = tf.div(tf.sum(tf.mul(hiddenStates, valid), 1), lengths); // [B, H]
  const activated = tf.tanh(dense(pooled, parameters.get('use_lite.pooler.weight'), parameters.get('use_lite.pooler.bias')));
  return tf.mul(activated, tf.rsqrt(tf.maximum(tf.sum(tf.square(activated), 1, true), 1e-12)));
}
