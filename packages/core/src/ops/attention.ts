/** Multi-head scaled dot-product attention over padded batches. */
import * as tf from '../tf.js';
import { dropout } from './dropout.js';
import { matMul } from './matmul.js';

/** Logit added at padded keys (as USE-Lite's graph does; softmax gives them weight 0). */
export const MASKED_LOGIT = -1e9;

/** [batch, sequence] mask (1 = token, 0 = padding) -> additive bias [batch, 1, 1, sequence]. */
export function attentionBias(attentionMask: tf.Tensor): tf.Tensor {
  const [batchSize, sequenceLength] = attentionMask.shape as [number, number];
  return tf.reshape(tf.mul(tf.sub(1, attentionMask), MASKED_LOGIT), [batchSize, 1, 1, sequenceLength]);
}

/** [batch, sequence, heads * headSize] -> [batch, heads, sequence, headSize]. */
function splitHeads(x: tf.Tensor, numHeads: number): tf.Tensor {
  const [batchSize, sequenceLength, width] = x.shape as [number, number, number];
  return tf.transpose(tf.reshape(x, [batchSize, sequenceLength, numHeads, width / numHeads]), [0, 2, 1, 3]);
}

export interface AttentionOutput {
  /** [batch, sequence, heads * valueHeadSize] */
  context: tf.Tensor;
  /** [batch, heads, sequence (queries), sequence (keys)] softmax weights (before dropout) */
  probabilities: tf.Tensor;
}

/**
 * softmax(q k^T * scale + bias) v per head. `query`/`key` [batch, sequence, heads * headSize],
 * `value` [batch, sequence, heads * valueHeadSize], `bias` from `attentionBias`. `scale` defaults
 * to 1/sqrt(headSize). `dropout` (training only) drops attention weights before they mix the values.
 */
export function multiHeadAttention(
  query: tf.Tensor,
  key: tf.Tensor,
  value: tf.Tensor,
  bias: tf.Tensor,
  options: { numHeads: number; scale?: number; dropout?: number; training?: boolean; seeds?: () => number },
): AttentionOutput {
  const { numHeads } = options;
  const [batchSize, sequenceLength, width] = query.shape as [number, number, number];
  if (width % numHeads !== 0) throw new RangeError(`attention: width ${width} is not divisible by ${numHeads} heads`);
  const scale = options.scale ?? 1 / Math.sqrt(width / numHeads);
  const queries = splitHeads(tf.mul(query, scale), numHeads); // [B, H, T, dh]
  const keysTransposed = tf.transpose(tf.reshape(key, [batchSize, sequenceLength, numHeads, width / numHeads]), [0, 2, 3, 1]); // [B, H, dh, T]
  const values = splitHeads(value, numHeads); // [B, H, T, dv]
  const logits = tf.add(matMul(queries, keysTransposed), bias); // [B, H, T, T]
  const probabilities = tf.softmax(logits); // [B, H, T, T]
  const mixing = dropout(probabilities, options.dropout ?? 0, { training: options.training ?? false, ...(options.seeds ? { seeds: options.seeds } : {}) });
  const perHead = matMul(mixing, values); // [B, H, T, dv]
  const valueWidth = value.shape[2]!;
  const context = tf.reshape(tf.transpose(perHead, [0, 2, 1, 3]), [batchSize, sequenceLength, valueWidth]);
  return { context, probabilities };
}

/** Attention of the first query ([CLS]) over the keys, averaged over heads: [batch, sequence]. */
export function firstQueryAttention(probabilities: tf.Tensor): tf.Tensor {
  const [batchSize, numHeads, , sequenceLength] = probabilities.shape as [number, number, number, number];
  const firstRow = tf.slice(probabilities, [0, 0, 0, 0], [batchSize, numHeads, 1, sequenceLength]); // [B, H, 1, T]
  return tf.reshape(tf.mean(firstRow, 1), [batchSize, sequenceLength]);
}
