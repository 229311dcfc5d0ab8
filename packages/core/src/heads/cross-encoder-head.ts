/**
 * The cross-encoder baseline head (one pass per (text, label) pair, `[CLS] text [SEP] label [SEP]`):
 * logit = classifier(pooled), pooled = final [CLS] state or masked mean over all tokens, then the
 * encoder's sentence head tanh(W x + b) when `sentence_head` is true.
 */
import type { GliznetSettings } from '@gliznet/common';
import type * as tf from '../tf.js';
import type { ParameterSpec, ParameterStore } from '../parameters.js';
import { dense } from '../ops/dense.js';
import type { EncoderOutput } from '../encoders/encoder.js';
import { clsPooling, maskedMeanPooling } from './label-pooling.js';
import { applySentenceHead } from './sentence-head.js';

export function crossEncoderHeadSpecs(hiddenSize: number): ParameterSpec[] {
  return [
    { name: 'cross_encoder.classifier.weight', shape: [1, hiddenSize], transposed: true, trainable: true, initializer: { kind: 'normal', std: 0.02 } },
    { name: 'cross_encoder.classifier.bias', shape: [1], transposed: false, trainable: true, initializer: { kind: 'zeros' } },
  ];
}

/** Logits [batch, 1]. `attentionMask` [B, T] is used by `mean` pooling. */
export function crossEncoderHead(settings: GliznetSettings, parameters: ParameterStore, encoded: EncoderOutput, attentionMask: tf.Tensor): tf.Tensor {
  let pooled = settings.textPooling === 'cls' ? clsPooling(encoded.hiddenStates) : maskedMeanPooling(encoded.hiddenStates, attentionMask); // [B, H]
  if (settings.sentenceHead) pooled = applySentenceHead(parameters, settings.encoder, pooled); // [B, H]
  return dense(pooled, parameters.get('cross_encoder.classifier.weight'), parameters.get('cross_encoder.classifier.bias')); // [B, 1]
}
