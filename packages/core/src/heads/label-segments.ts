/**
 * What follows from a joint sequence's segments (text side, label i, the rest of the label side):
 * the attention pattern of `label_attention` `text-and-self` / `self`, an additive bias
 * [batch, 1, sequence, sequence] replacing the encoder's padding-only bias, and the position ids of
 * `label_positions` `after-text` / `from-zero` (below).
 *
 * Every token gets a segment: 0 for the text side (`[CLS] text [SEP]`, token type 0), i for the tokens
 * of label i (lmask i), -1 for the rest of the label side (separators, the final [SEP]). A query may
 * attend to a key (both real tokens) when
 *   - `text-and-self`: the key is on the text side, or both are tokens of the same label;
 *   - `self`: both are on the text side, or both are tokens of the same label;
 * and always to itself. The text side thus never sees a label, and no label sees another one.
 */
import type { LabelAttention } from '@gliznet/common';
import * as tf from '../tf.js';
import { MASKED_LOGIT } from '../ops/attention.js';

export function labelAttentionBias(
  lmask: Int32Array,
  tokenTypeIds: tf.Tensor,
  attentionMask: tf.Tensor,
  options: { mode: Exclude<LabelAttention, 'all'>; batchSize: number; sequenceLength: number },
): tf.Tensor {
  const { batchSize, sequenceLength } = options;
  return tf.tidy(() => {
    const labels = tf.tensor2d(lmask, [batchSize, sequenceLength], 'int32'); // [B, T]
    const labelSide = tf.where(tf.greater(labels, 0), labels, tf.fill([batchSize, sequenceLength], -1, 'int32')); // [B, T]
    const segment = tf.where(tf.equal(tokenTypeIds, 0), tf.zerosLike(labels), labelSide); // [B, T]
    const querySegment = tf.reshape(segment, [batchSize, sequenceLength, 1]); // [B, T, 1]
    const keySegment = tf.reshape(segment, [batchSize, 1, sequenceLength]); // [B, 1, T]
    const keyIsText = tf.equal(keySegment, 0); // [B, 1, T]
    const sameLabel = tf.logicalAnd(tf.equal(querySegment, keySegment), tf.greater(querySegment, 0)); // [B, T, T]
    const itself = tf.reshape(tf.cast(tf.eye(sequenceLength), 'bool'), [1, sequenceLength, sequenceLength]); // [1, T, T]
    const seesText = options.mode === 'text-and-self' ? keyIsText : tf.logicalAnd(tf.equal(querySegment, 0), keyIsText); // [B, T, T] or [B, 1, T]
    const keyIsReal = tf.reshape(tf.greater(attentionMask, 0), [batchSize, 1, sequenceLength]); // [B, 1, T]
    const allowed = tf.logicalAnd(tf.logicalOr(tf.logicalOr(seesText, sameLabel), itself), keyIsReal); // [B, T, T]
    const bias = tf.where(allowed, tf.zeros([batchSize, sequenceLength, sequenceLength]), tf.fill([batchSize, sequenceLength, sequenceLength], MASKED_LOGIT)); // [B, T, T]
    return tf.reshape(bias, [batchSize, 1, sequenceLength, sequenceLength]); // [B, 1, T, T]
  });
}

/**
 * Position ids for `label_positions` `after-text` / `from-zero` ([batch * sequence], row-major): the
 * text side keeps 0, 1, 2, ...; the tokens of each label count from the text side's length
 * (`after-text`) or from 0 (`from-zero`); the label side's separators and final [SEP] take the first
 * label position.
 */
export function labelPositionIds(lmask: Int32Array, options: { mode: 'after-text' | 'from-zero'; batchSize: number; sequenceLength: number }): Int32Array {
  const { batchSize, sequenceLength } = options;
  const positions = new Int32Array(batchSize * sequenceLength);
  for (let row = 0; row < batchSize; row++) {
    const offset = row * sequenceLength;
    let textLength = 0;
    // The text side ([CLS] text [SEP]) is everything before the first label token.
    while (textLength < sequenceLength && lmask[offset + textLength] === 0) textLength++;
    const start = options.mode === 'after-text' ? textLength : 0;
    let previousLabel = 0;
    let inLabel = 0;
    for (let position = 0; position < sequenceLength; position++) {
      const index = offset + position;
      if (position < textLength) {
        positions[index] = position;
        continue;
      }
      const label = lmask[index]!;
      if (label > 0) {
        inLabel = label === previousLabel ? inLabel + 1 : 0;
        positions[index] = start + inLabel;
      } else {
        positions[index] = start;
      }
      previousLabel = label;
    }
  }
  return positions;
}
