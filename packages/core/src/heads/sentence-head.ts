/**
 * The encoder's pretrained sentence head, `tanh(W x + b)`, applied to pooled vectors when
 * `gliznet.sentence_head` is true: USE-Lite's `use_lite.pooler` (its `hidden_layers/tanh_layer_0`)
 * or BERT's pooler `bert.pooler.dense` (Hugging Face `BertPooler`, without its [CLS] slicing).
 */
import type { EncoderFamily } from '@gliznet/common';
import * as tf from '../tf.js';
import type { ParameterSpec, ParameterStore } from '../parameters.js';
import { dense } from '../ops/dense.js';

/** Tensor name prefix of the sentence head (`<prefix>.weight` [hidden, hidden], `<prefix>.bias` [hidden]). */
export function sentenceHeadPrefix(encoder: EncoderFamily): string {
  return encoder === 'use-lite' ? 'use_lite.pooler' : 'bert.pooler.dense';
}

/** The two sentence-head tensors, stored `[out, in]`; `trainable` is false when the heads do not use them. */
export function sentenceHeadSpecs(encoder: EncoderFamily, hiddenSize: number, options: { trainable: boolean }): ParameterSpec[] {
  const prefix = sentenceHeadPrefix(encoder);
  return [
    { name: `${prefix}.weight`, shape: [hiddenSize, hiddenSize], transposed: true, trainable: options.trainable, initializer: { kind: 'normal', std: 0.02 } },
    { name: `${prefix}.bias`, shape: [hiddenSize], transposed: false, trainable: options.trainable, initializer: { kind: 'zeros' } },
  ];
}

/** `tanh(x W^T + b)` on the last axis: [..., hidden] -> [..., hidden]. */
export function applySentenceHead(parameters: ParameterStore, encoder: EncoderFamily, x: tf.Tensor): tf.Tensor {
  const prefix = sentenceHeadPrefix(encoder);
  return tf.tanh(dense(x, parameters.get(`${prefix}.weight`), parameters.get(`${prefix}.bias`)));
}
