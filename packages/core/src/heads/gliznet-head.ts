/**
 * The GliZNet head: text vector ([CLS] or masked mean), label vectors ([CLS]-attention-weighted or
 * plain mean of each label's tokens), optional sentence head tanh(W x + b), optional projection,
 * scorer; padded label slots get -10000.
 */
import type { GliznetSettings } from '@gliznet/common';
import * as tf from '../tf.js';
import type { ParameterSpec, ParameterStore } from '../parameters.js';
import { dense } from '../ops/dense.js';
import type { EncoderOutput } from '../encoders/encoder.js';
import { clsPooling, maskedMeanPooling, poolLabels } from './label-pooling.js';
import { score, scorerSpecs } from './scorers.js';
import { applySentenceHead } from './sentence-head.js';

/** Logit of a padded label slot: sigmoid gives 0 and a softmax over the row ignores it. */
export const PADDED_LABEL_LOGIT = -10000;

/**
 * Projection (when `projectionDim` is set) and scorer tensors. The sentence head's tensors belong
 * to the encoder (see `sentenceHeadSpecs`).
 */
export function gliznetHeadSpecs(settings: GliznetSettings, hiddenSize: number): ParameterSpec[] {
  const specs: ParameterSpec[] = [];
  let width = hiddenSize;
  if (settings.projectionDim !== null) {
    width = settings.projectionDim;
    specs.push(
      { name: 'gliznet.projection.weight', shape: [width, hiddenSize], transposed: true, trainable: true, initializer: { kind: 'normal', std: 1 / Math.sqrt(hiddenSize) } },
      { name: 'gliznet.projection.bias', shape: [width], transposed: false, trainable: true, initializer: { kind: 'zeros' } },
    );
  }
  return [...specs, ...scorerSpecs(settings.similarity, width)];
}

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
  let text = settings.textPooling === 'cls' ? clsPooling(encoded.hiddenStates) : maskedMeanPooling(encoded.hiddenStates, masks.textMask); // [B, H]
  let labels = poolLabels(encoded.hiddenStates, masks.membership, settings.labelPooling === 'attention' ? encoded.clsAttention : undefined); // [B, L, H]
  if (settings.sentenceHead) {
    text = applySentenceHead(parameters, settings.encoder, text); // [B, H]
    labels = applySentenceHead(parameters, settings.encoder, labels); // [B, L, H]
  }
  if (settings.projectionDim !== null) {
    const weight = parameters.get('gliznet.projection.weight');
    const bias = parameters.get('gliznet.projection.bias');
    text = dense(text, weight, bias); // [B, d]
    labels = dense(labels, weight, bias); // [B, L, d]
  }
  const scores = score(settings.similarity, parameters, text, labels); // [B, L]
  // scores * 1 + 0 in real slots; 0 + (-10000) exactly in padded ones.
  return tf.add(tf.mul(scores, masks.labelMask), tf.mul(tf.sub(1, masks.labelMask), PADDED_LABEL_LOGIT));
}
