/**
 * The Hugging Face BertModel encoder as ONNX nodes: word + absolute position + token type
 * embeddings, LayerNorm, then post-LayerNorm layers (self-attention with masked-key bias
 * (1 - mask) * -1e9, GELU (erf) or the configured activation in the feed-forward block).
 */
import { attribute, type GraphBuilder } from './graph-builder.js';
import { attentionMaskBias, multiHeadAttention } from './attention-graph.js';
import type { EncoderGraph, EncoderGraphInputs } from './encoder-graph.js';
import type { BertDimensions } from './model-dimensions.js';
import type { ModelWeights } from './model-weights.js';
import { OnnxDataType } from './onnx-proto.js';
import { emitQuantizedGather } from './quantize.js';

/** Appends a BERT encoder; returns token states [batch, sequence, hidden] and the last layer's attention. */
export function buildBertEncoder(builder: GraphBuilder, inputs: EncoderGraphInputs, dimensions: BertDimensions, weights: ModelWeights): EncoderGraph {
  if (inputs.tokenTypeIds === null) throw new Error('internal error: the bert encoder needs token_type_ids');
  const tokenTypeIds = inputs.tokenTypeIds;
  return builder.scope('bert', () => {
    const embeddings = builder.scope('embeddings', () => {
      const lookup = (name: string, ids: string, quantize: boolean): string => {
        const table = weights.get(name);
        if (quantize && builder.quantization !== null) {
          return emitQuantizedGather(builder, ids, { name, rows: table.shape[0]!, columns: table.shape[1]!, data: table.data });
        }
        return builder.addNode('Gather', [builder.addInitializer(name, OnnxDataType.float, table.shape, table.data), ids], { axis: attribute.int(0) });
      };
      const words = lookup('bert.embeddings.word_embeddings.weight', inputs.inputIds, true); // [batch, sequence, hidden]
      const positionIds = inputs.positionIds ?? builder.sequencePositions(inputs.inputIds); // [sequence] or [batch, sequence]
      const positions = lookup('bert.embeddings.position_embeddings.weight', positionIds, false); // [sequence, hidden] or [batch, sequence, hidden]
      const types = lookup('bert.embeddings.token_type_embeddings.weight', tokenTypeIds, false); // [batch, sequence, hidden]
      const sum = builder.addNode('Add', [builder.addNode('Add', [words, positions]), types]);
      return builder.layerNorm(sum, weights.vector('bert.embeddings.LayerNorm.weight'), weights.vector('bert.embeddings.LayerNorm.bias'), dimensions.layerNormEps);
    });
    const maskBias = inputs.maskBias ?? attentionMaskBias(builder, inputs.attentionMask); // [batch, 1, 1, sequence] or [batch, 1, sequence, sequence]
    let states = embeddings;
    let lastAttention = '';
    for (let layer = 0; layer < dimensions.numLayers; layer++) {
      const prefix = `bert.encoder.layer.${layer}`;
      const layerInput = states;
      builder.scope(`layer.${layer}`, () => {
        const afterAttention = builder.scope('attention', () => {
          const project = (part: string): string => builder.dense(layerInput, weights.denseWeight(`${prefix}.attention.self.${part}`), weights.denseBias(`${prefix}.attention.self.${part}`), { quantizable: true });
          const attention = multiHeadAttention(builder, { query: project('query'), key: project('key'), value: project('value'), maskBias }, { numHeads: dimensions.numHeads, width: dimensions.hiddenSize });
          lastAttention = attention.probabilities;
          const output = builder.dense(attention.context, weights.denseWeight(`${prefix}.attention.output.dense`), weights.denseBias(`${prefix}.attention.output.dense`), { quantizable: true });
          return builder.layerNorm(builder.addNode('Add', [output, layerInput]), weights.vector(`${prefix}.attention.output.LayerNorm.weight`), weights.vector(`${prefix}.attention.output.LayerNorm.bias`), dimensions.layerNormEps);
        });
        states = builder.scope('ffn', () => {
          const intermediate = builder.dense(afterAttention, weights.denseWeight(`${prefix}.intermediate.dense`), weights.denseBias(`${prefix}.intermediate.dense`), { quantizable: true });
          const activated = builder.activation(dimensions.hiddenActivation, intermediate);
          const output = builder.dense(activated, weights.denseWeight(`${prefix}.output.dense`), weights.denseBias(`${prefix}.output.dense`), { quantizable: true });
          return builder.layerNorm(builder.addNode('Add', [output, afterAttention]), weights.vector(`${prefix}.output.LayerNorm.weight`), weights.vector(`${prefix}.output.LayerNorm.bias`), dimensions.layerNormEps);
        });
      });
    }
    return { hiddenStates: states, lastAttentionProbabilities: lastAttention, hiddenSize: dimensions.hiddenSize };
  });
}
