/** What every encoder family provides to the heads. */
import type { EncoderFamily } from '@gliznet/common';
import type * as tf from '../tf.js';
import type { ParameterSpec, ParameterStore } from '../parameters.js';
import type { DropoutOptions } from '../ops/dropout.js';

/** Dense encoder inputs, all [batch, sequence]. */
export interface EncoderInputs {
  /** int32 token ids */
  inputIds: tf.Tensor;
  /** float32, 1 for tokens, 0 for padding */
  attentionMask: tf.Tensor;
  /** int32 segment ids (0 = `[CLS] text [SEP]`, 1 = the label part); encoders may ignore them */
  tokenTypeIds: tf.Tensor;
  /**
   * Additive attention bias [batch, 1, sequence, sequence] replacing the padding-only one built from
   * `attentionMask` (e.g. gliznet's `label_attention`); it must also mask the padded keys.
   */
  attentionBias?: tf.Tensor;
  /** int32 [batch, sequence] position of every token; default 0, 1, 2, ... */
  positionIds?: tf.Tensor;
}

export interface EncoderOutput {
  /** Final token states [batch, sequence, hiddenSize]. */
  hiddenStates: tf.Tensor;
  /** Last layer's attention from query 0 ([CLS]) over the keys, averaged over heads: [batch, sequence]. */
  clsAttention: tf.Tensor;
}

export interface Encoder {
  readonly family: EncoderFamily;
  /** Width of the token states. */
  readonly hiddenSize: number;
  /** Every tensor the encoder needs, in file names and layouts. */
  parameterSpecs(): ParameterSpec[];
  /** Name prefix of the sentence head (`<prefix>.weight`, `<prefix>.bias`). */
  readonly sentenceHeadPrefix: string;
  /** A checkpoint's tensor name -> the gliznet name (e.g. BERT names without `bert.`). */
  canonicalName(name: string): string;
  /** Canonical names in a checkpoint that are known but unused (not an error on load). */
  isIgnoredTensor(name: string): boolean;
  /** Runs the encoder. Call inside `tf.tidy` (intermediates are not disposed here). */
  encode(parameters: ParameterStore, inputs: EncoderInputs, options: DropoutOptions): EncoderOutput;
}
