/**
 * The cross-encoder baseline head on tfjs (one pass per (text, label) pair, `[CLS] text [SEP] label [SEP]`):
 * pooled = final [CLS] state or masked mean over all tokens, then @gliznet/common's
 * `crossEncoderLogits` (the encoder's sentence head tanh(W x + b) with `sentence_head`, the classifier) on TfOps.
 */
import { crossEncoderLogits, type GliznetSettings } from '@gliznet/common';
import type * as tf from '../tf.js';
import type { ParameterStore } from '../parameters.js';
import { TfOps } from '../ops/tf-ops.js';
import type { EncoderOutput } from '../encoders/encoder.js';
import { clsPooling, maskedMeanPooling } from './label-pooling.js';

/** Logits [batch, 1]. `attentionMask` [B, T] is used by `mean` pooling. */
export function crossEncoderHead(settings: GliznetSettings, parameters: ParameterStore, encoded: EncoderOutput, attentionMask: tf.Tensor): tf.Tensor {
  const pooled = settings.textPooling === 'cls' ? clsPooling(encoded.hiddenStates) : maskedMeanPooling(encoded.hiddenStates, attentionMask); // [B, H]
  return crossEncoderLogits(new TfOps(parameters), pooled, settings); // [B, 1]
}
