/**
 * Hugging Face `BertModel` (post-layer-norm transformer; bert-base, MiniLM, ...):
 *
 *   x = LN(word[ids] + position[p] + tokenType[tt])
 *   per layer: x = LN(x + Dense(Attention(x)));  x = LN(x + Dense(act(Dense(x))))
 *
 * Attention masks padded keys with (1 - mask) * -1e9; GELU (erf) or the configured `hidden_act`.
 * In training, dropout (`hidden_dropout_prob`, `attention_probs_dropout_prob`) applies where
 * Hugging Face applies it. The MLM/NSP heads are ignored; the pooler `bert.pooler.dense` (tanh) is
 * the sentence head, a tensor of the model only with `sentence_head: true`.
 */
import type { Ops } from '../ops.js';
import { denseTensors, normTensors, type TensorSpec } from '../tensor-spec.js';
import { HuggingFaceKeys, type EncoderDimensionsBase, type EncoderFamilyDefinition, type EncoderInputs, type EncoderOutputs } from './encoder-family.js';

export interface BertDimensions extends EncoderDimensionsBase {
  family: 'bert';
  /** Rows of the position table (`max_position_embeddings`, default 512). */
  maxPositions: number;
  /** Rows of the token type table (`type_vocab_size`, default 2). */
  typeVocabSize: number;
}

const table = (name: string, rows: number, width: number): TensorSpec => ({ name, shape: [rows, width], transposed: false, trainable: true, initializer: { kind: 'normal', std: 0.02 } });
const unprefixed = ['embeddings.', 'encoder.', 'pooler.'];

export const bertFamily: EncoderFamilyDefinition<BertDimensions> = {
  name: 'bert',
  sentenceHeadPrefix: 'bert.pooler.dense',
  needsTokenTypeIds: true,

  dimensions(huggingFace) {
    const keys = new HuggingFaceKeys(huggingFace);
    const dimensions: BertDimensions = {
      ...keys.baseDimensions('bert', { layerNormEps: 1e-12, activation: 'gelu' }),
      maxPositions: keys.positiveInteger('max_position_embeddings', 512),
      typeVocabSize: keys.positiveInteger('type_vocab_size', 2),
    };
    keys.divisible(dimensions.hiddenSize, dimensions.numHeads, `hidden_size ${dimensions.hiddenSize} is not divisible by num_attention_heads ${dimensions.numHeads}`);
    const modelType = keys.raw('model_type');
    if (modelType !== undefined && modelType !== 'bert') keys.problems.push(`model_type ${JSON.stringify(modelType)} is not supported by the bert encoder; it reads BertModel checkpoints (model_type "bert": bert-base, MiniLM, ...)`);
    const positionType = keys.raw('position_embedding_type');
    if (positionType !== undefined && positionType !== 'absolute') keys.problems.push(`position_embedding_type ${JSON.stringify(positionType)} is not supported; only "absolute"`);
    return keys.finish('bert', dimensions);
  },

  tensors(dimensions, options) {
    const { vocabSize, hiddenSize: hidden, intermediateSize, maxPositions, typeVocabSize } = dimensions;
    const specs: TensorSpec[] = [
      table('bert.embeddings.word_embeddings.weight', vocabSize, hidden),
      table('bert.embeddings.position_embeddings.weight', maxPositions, hidden),
      table('bert.embeddings.token_type_embeddings.weight', typeVocabSize, hidden),
      ...normTensors('bert.embeddings.LayerNorm', hidden),
    ];
    for (let layer = 0; layer < dimensions.numLayers; layer++) {
      const prefix = `bert.encoder.layer.${layer}`;
      specs.push(
        ...denseTensors(`${prefix}.attention.self.query`, hidden, hidden),
        ...denseTensors(`${prefix}.attention.self.key`, hidden, hidden),
        ...denseTensors(`${prefix}.attention.self.value`, hidden, hidden),
        ...denseTensors(`${prefix}.attention.output.dense`, hidden, hidden),
        ...normTensors(`${prefix}.attention.output.LayerNorm`, hidden),
        ...denseTensors(`${prefix}.intermediate.dense`, intermediateSize, hidden),
        ...denseTensors(`${prefix}.output.dense`, hidden, intermediateSize),
        ...normTensors(`${prefix}.output.LayerNorm`, hidden),
      );
    }
    if (options.sentenceHead) specs.push(...denseTensors('bert.pooler.dense', hidden, hidden));
    return specs;
  },

  canonicalName(name) {
    return unprefixed.some((prefix) => name.startsWith(prefix)) ? `bert.${name}` : name;
  },

  isIgnoredTensorName(name) {
    return name.startsWith('bert.pooler.') || name.startsWith('cls.') || name === 'bert.embeddings.position_ids';
  },

  encode<T>(ops: Ops<T>, inputs: EncoderInputs<T>, dimensions: BertDimensions): EncoderOutputs<T> {
    const tokenTypeIds = inputs.tokenTypeIds;
    if (tokenTypeIds === null) throw new Error('internal error: the bert encoder needs token_type_ids');
    const { layerNormEps: epsilon, hiddenDropout, attentionDropout } = dimensions;
    return ops.scope('bert', () => {
      const embedded = ops.scope('embeddings', () => {
        const words = ops.embedding('bert.embeddings.word_embeddings.weight', inputs.inputIds, { quantizable: true }); // [batch, sequence, hidden]
        const positions =
          inputs.positionIds === undefined
            ? ops.leadingRows('bert.embeddings.position_embeddings.weight', inputs.inputIds) // [sequence, hidden]
            : ops.embedding('bert.embeddings.position_embeddings.weight', inputs.positionIds); // [batch, sequence, hidden]
        const types = ops.embedding('bert.embeddings.token_type_embeddings.weight', tokenTypeIds); // [batch, sequence, hidden]
        return ops.layerNorm(ops.add(ops.add(words, positions), types), 'bert.embeddings.LayerNorm', epsilon);
      });
      let states = ops.dropout(embedded, hiddenDropout);
      const maskBias = inputs.maskBias ?? ops.attentionMaskBias(inputs.attentionMask); // [batch, 1, 1 | sequence, sequence]
      let lastAttention: T | undefined;
      for (let layer = 0; layer < dimensions.numLayers; layer++) {
        const prefix = `bert.encoder.layer.${layer}`;
        const layerInput = states;
        ops.scope(`layer.${layer}`, () => {
          const afterAttention = ops.scope('attention', () => {
            const project = (part: string): T => ops.dense(layerInput, `${prefix}.attention.self.${part}`, { quantizable: true });
            const attention = ops.attention(project('query'), project('key'), project('value'), maskBias, { numHeads: dimensions.numHeads, width: dimensions.hiddenSize, dropout: attentionDropout });
            lastAttention = attention.probabilities;
            const output = ops.dropout(ops.dense(attention.context, `${prefix}.attention.output.dense`, { quantizable: true }), hiddenDropout);
            return ops.layerNorm(ops.add(output, layerInput), `${prefix}.attention.output.LayerNorm`, epsilon);
          });
          states = ops.scope('ffn', () => {
            const intermediate = ops.activation(dimensions.hiddenActivation, ops.dense(afterAttention, `${prefix}.intermediate.dense`, { quantizable: true }));
            const output = ops.dropout(ops.dense(intermediate, `${prefix}.output.dense`, { quantizable: true }), hiddenDropout);
            return ops.layerNorm(ops.add(output, afterAttention), `${prefix}.output.LayerNorm`, epsilon);
          });
        });
      }
      return { hiddenStates: states, lastAttentionProbabilities: lastAttention! };
    });
  },
};
