/**
 * Hugging Face `BertModel` (post-layer-norm transformer), trainable:
 *
 *   x = LN(word[ids] + position[p] + tokenType[tt])
 *   per layer: x = LN(x + Dense(Attention(x)));  x = LN(x + Dense(act(Dense(x))))
 *
 * In training, dropout (`hidden_dropout_prob`, `attention_probs_dropout_prob`) applies where Hugging
 * Face applies it. The MLM/NSP heads are not used; the pooler (`bert.pooler.dense`, tanh) is loaded
 * and used by the heads only with `gliznet.sentence_head: true`, and ignored on load otherwise.
 */
import * as tf from '../../tf.js';
import type { ParameterSpec, ParameterStore } from '../../parameters.js';
import { activation } from '../../ops/activations.js';
import { attentionBias, firstQueryAttention, multiHeadAttention } from '../../ops/attention.js';
import { dense } from '../../ops/dense.js';
import { dropout, type DropoutOptions } from '../../ops/dropout.js';
import { embeddingLookup } from '../../ops/embedding-lookup.js';
import { layerNorm } from '../../ops/layer-norm.js';
import { InvalidArgumentError } from '@gliznet/common';
import type { Encoder, EncoderInputs, EncoderOutput } from '../encoder.js';
import type { BertConfig } from './bert-config.js';
import { sentenceHeadSpecs } from '../../heads/sentence-head.js';

export interface BertEncoderOptions {
  /** `gliznet.sentence_head`: the pooler `bert.pooler.dense` is loaded, used by the heads and trained. Default false. */
  sentenceHead?: boolean;
}

const dense2d = (name: string, out: number, input: number): ParameterSpec[] => [
  { name: `${name}.weight`, shape: [out, input], transposed: true, trainable: true, initializer: { kind: 'normal', std: 0.02 } },
  { name: `${name}.bias`, shape: [out], transposed: false, trainable: true, initializer: { kind: 'zeros' } },
];
const norm = (name: string, width: number): ParameterSpec[] => [
  { name: `${name}.weight`, shape: [width], transposed: false, trainable: true, initializer: { kind: 'ones' } },
  { name: `${name}.bias`, shape: [width], transposed: false, trainable: true, initializer: { kind: 'zeros' } },
];
const table = (name: string, rows: number, width: number): ParameterSpec => ({
  name,
  shape: [rows, width],
  transposed: false,
  trainable: true,
  initializer: { kind: 'normal', std: 0.02 },
});

/** Checkpoint tensors that are known and deliberately unused. */
const IGNORED = [/^(bert\.)?pooler\./, /^cls\./, /^(bert\.)?embeddings\.position_ids$/];
/** With a sentence head, the pooler dense layer is a parameter (other pooler tensors stay ignored). */
const POOLER_DENSE = /^(bert\.)?pooler\.dense\.(weight|bias)$/;

export class BertEncoder implements Encoder {
  readonly family = 'bert' as const;
  readonly hiddenSize: number;
  private readonly act: (x: tf.Tensor) => tf.Tensor;
  private readonly sentenceHead: boolean;

  constructor(
    readonly config: BertConfig,
    options: BertEncoderOptions = {},
  ) {
    this.hiddenSize = config.hiddenSize;
    this.sentenceHead = options.sentenceHead ?? false;
    this.act = activation(config.hiddenAct);
  }

  parameterSpecs(): ParameterSpec[] {
    const { vocabSize, hiddenSize, intermediateSize, maxPositionEmbeddings, typeVocabSize } = this.config;
    const specs: ParameterSpec[] = [
      table('bert.embeddings.word_embeddings.weight', vocabSize, hiddenSize),
      table('bert.embeddings.position_embeddings.weight', maxPositionEmbeddings, hiddenSize),
      table('bert.embeddings.token_type_embeddings.weight', typeVocabSize, hiddenSize),
      ...norm('bert.embeddings.LayerNorm', hiddenSize),
    ];
    for (let i = 0; i < this.config.numHiddenLayers; i++) {
      const prefix = `bert.encoder.layer.${i}`;
      specs.push(
        ...dense2d(`${prefix}.attention.self.query`, hiddenSize, hiddenSize),
        ...dense2d(`${prefix}.attention.self.key`, hiddenSize, hiddenSize),
        ...dense2d(`${prefix}.attention.self.value`, hiddenSize, hiddenSize),
        ...dense2d(`${prefix}.attention.output.dense`, hiddenSize, hiddenSize),
        ...norm(`${prefix}.attention.output.LayerNorm`, hiddenSize),
        ...dense2d(`${prefix}.intermediate.dense`, intermediateSize, hiddenSize),
        ...dense2d(`${prefix}.output.dense`, hiddenSize, intermediateSize),
        ...norm(`${prefix}.output.LayerNorm`, hiddenSize),
      );
    }
    if (this.sentenceHead) specs.push(...sentenceHeadSpecs('bert', hiddenSize, { trainable: true }));
    return specs;
  }

  isIgnoredTensor(name: string): boolean {
    if (this.sentenceHead && POOLER_DENSE.test(name)) return false;
    return IGNORED.some((pattern) => pattern.test(name));
  }

  encode(parameters: ParameterStore, inputs: EncoderInputs, options: DropoutOptions = { training: false }): EncoderOutput {
    const { layerNormEps: epsilon, numAttentionHeads, maxPositionEmbeddings, hiddenSize, hiddenDropout, attentionDropout } = this.config;
    const { training } = options;
    const drop = { training, ...(options.seeds ? { seeds: options.seeds } : {}) };
    const sequenceLength = inputs.inputIds.shape[1]!;
    if (sequenceLength > maxPositionEmbeddings) {
      throw new InvalidArgumentError('inputs.sequenceLength', `sequence of ${sequenceLength} tokens exceeds this BERT's max_position_embeddings ${maxPositionEmbeddings}; encode with maxLength <= ${maxPositionEmbeddings}`);
    }
    const p = (name: string): tf.Variable => parameters.get(name);
    const words = embeddingLookup(p('bert.embeddings.word_embeddings.weight'), inputs.inputIds); // [B, T, H]
    const positions = inputs.positionIds === undefined ? tf.slice(p('bert.embeddings.position_embeddings.weight'), [0, 0], [sequenceLength, hiddenSize]) : embeddingLookup(p('bert.embeddings.position_embeddings.weight'), inputs.positionIds); // [T, H] or [B, T, H]
    const types = embeddingLookup(p('bert.embeddings.token_type_embeddings.weight'), inputs.tokenTypeIds); // [B, T, H]
    const embedded = layerNorm(tf.add(tf.add(words, positions), types), p('bert.embeddings.LayerNorm.weight'), p('bert.embeddings.LayerNorm.bias'), { epsilon });
    let x = dropout(embedded, hiddenDropout, drop);
    const bias = inputs.attentionBias ?? attentionBias(inputs.attentionMask); // [B, 1, 1, T] or [B, 1, T, T]
    let probabilities: tf.Tensor | undefined;
    for (let i = 0; i < this.config.numHiddenLayers; i++) {
      const prefix = `bert.encoder.layer.${i}`;
      const layer = (name: string): tf.Variable => p(`${prefix}.${name}`);
      const query = dense(x, layer('attention.self.query.weight'), layer('attention.self.query.bias'));
      const key = dense(x, layer('attention.self.key.weight'), layer('attention.self.key.bias'));
      const value = dense(x, layer('attention.self.value.weight'), layer('attention.self.value.bias'));
      const attention = multiHeadAttention(query, key, value, bias, { numHeads: numAttentionHeads, dropout: attentionDropout, ...drop });
      probabilities = attention.probabilities;
      const attended = dropout(dense(attention.context, layer('attention.output.dense.weight'), layer('attention.output.dense.bias')), hiddenDropout, drop);
      x = layerNorm(tf.add(x, attended), layer('attention.output.LayerNorm.weight'), layer('attention.output.LayerNorm.bias'), { epsilon });
      const intermediate = this.act(dense(x, layer('intermediate.dense.weight'), layer('intermediate.dense.bias')));
      const output = dropout(dense(intermediate, layer('output.dense.weight'), layer('output.dense.bias')), hiddenDropout, drop);
      x = layerNorm(tf.add(x, output), layer('output.LayerNorm.weight'), layer('output.LayerNorm.bias'), { epsilon });
    }
    return { hiddenStates: x, clsAttention: firstQueryAttention(probabilities!) };
  }
}

/** Checkpoints name tensors with or without the `bert.` prefix; gliznet uses the prefixed names. */
export function withBertPrefix(name: string): string {
  if (name.startsWith('bert.')) return name;
  if (name.startsWith('embeddings.') || name.startsWith('encoder.') || name.startsWith('pooler.')) return `bert.${name}`;
  return name;
}
