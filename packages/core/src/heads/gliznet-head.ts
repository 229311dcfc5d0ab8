/**
 * The GliZNet head on tfjs: text vector ([CLS] or masked mean), label vectors
 * ([CLS]-attention-weighted or plain mean of each label's tokens), then @gliznet/common's
 * `scorePooledVectors` (optional sentence head tanh(W x + b), optional projection, scorer) on
 * TfOps; padded label slots get -10000.
 */
import { scorePooledVectors, type GliznetSettings } from '@gliznet/common';
import * as tf from '../tf.js';
import type { ParameterStore } from '../parameters.js';
import { TfOps } from '../ops/tf-ops.js';
import type { EncoderOutput } from '../encoders/encoder.js';
import { clsPooling, maskedMeanPooling, poolLabels } from './label-pooling.js';

/** Logit of a padded label slot: sigmoid gives 0 and a softmax over the row ignores it. */
export const PADDED_LABEL_LOGIT = -10000;

/** Text-side mask for `mean` text pooling: tokens of `[CLS] text [SEP]` (attention 1, type 0). [B, T] */
export function textTokenMask(attentionMask: tf.Tensor, tokenTypeIds: tf.Tensor): tf.Tensor {
  return tf.mul(attentionMask, tf.cast(tf.equal(tokenTypeIds, 0), 'float32'));
}

/**
 * Logits [batch, numLabels] from the encoder output. `membership` [B, L, T] and `labelMask`
 * [B, L] come from `labelMembership`; `textMask` [B, T] is used by `mean` text pooling.
 */
export function gliznetHead(
  settings: GliznetSettings,
  parameters: ParameterStore,
  encoded: EncoderOutput,
  masks: { membership: tf.Tensor; labelMask: tf.Tensor; textMask: tf.Tensor },
): tf.Tensor {
  const text = settings.textPooling === 'cls' ? clsPooling(encoded.hiddenStates) : maskedMeanPooling(encoded.hiddenStates, masks.textMask); // [B, H]
  const labels = poolLabels(encoded.hiddenStates, masks.membership, settings.labelPooling === 'attention' ? encoded.clsAttention : undefined); // [B, L, H]
  const scores = scorePooledVectors(new TfOps(parameters), { text, labels }, settings, encoded.hiddenStates.shape[2]!); // [B, L]
  // scores * 1 + 0 in real slots; 0 + (-10000) exactly in padded ones.
  return tf.add(tf.mul(scores, masks.labelMask), tf.mul(tf.sub(1, masks.labelMask), PADDED_LABEL_LOGIT));
}
