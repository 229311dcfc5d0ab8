/**
 * The USE-Lite ("KonaTransformer") encoder as ONNX nodes, following /work/shared/notes/use-lite.md:
 * embedding added twice, sinusoidal timing signal (sin then cos) from the stored inverse
 * timescales, computed in-graph for any sequence length and added at valid positions only;
 * pre-LayerNorm layers, q scaled by 1/sqrt(headSize), masked-key bias (1 - mask) * -1e9; a layer
 * that changes the width (layer 0: embedding -> hidden) adds a dense projection of its input as
 * residual, the others a plain residual; FFN with `hidden_act` (ReLU as pretrained); no final LayerNorm.
 *
 * As in the original graph and @gliznet/core, the input, the projected residual and the FFN update
 * are zeroed at padding positions, which keeps padding states small (they never reach valid
 * tokens, but they share the int8 model's per-tensor activation ranges).
 */
import { attribute, type GraphBuilder } from './graph-builder.js';
import { attentionMaskBias, multiHeadAttention } from './attention-graph.js';
import type { EncoderGraph, EncoderGraphInputs } from './encoder-graph.js';
import type { UseLiteDimensions } from './model-dimensions.js';
import type { ModelWeights } from './model-weights.js';
import { OnnxDataType } from './onnx-proto.js';
import { emitQuantizedGather } from './quantize.js';

/** Appends the USE-Lite encoder; returns token states [batch, sequence, hidden] and the last layer's attention. */
export function buildUseLiteEncoder(builder: GraphBuilder, inputs: EncoderGraphInputs, dimensions: UseLiteDimensions, weights: ModelWeights): EncoderGraph {
  return builder.scope('use_lite', () => {
    const table = weights.get('use_lite.embeddings.weight');
    const embedded = builder.scope('embeddings', () =>
      builder.quantization !== null
        ? emitQuantizedGather(builder, inputs.inputIds, { name: 'use_lite.embeddings.weight', rows: dimensions.vocabSize, columns: dimensions.embeddingSize, data: table.data })
        : builder.addNode('Gather', [builder.addInitializer('use_lite.embeddings.weight', OnnxDataType.float, table.shape, table.data), inputs.inputIds], { axis: attribute.int(0) }),
    ); // [batch, sequence, embedding]
    const signal = builder.scope('timing_signal', () => timingSignal(builder, inputs, weights)); // [1, sequence, embedding]
    const validPositions = builder.unsqueeze(builder.toFloat(inputs.attentionMask), [2]); // [batch, sequence, 1]
    const doubled = builder.addNode('Mul', [embedded, builder.constantFloat(2)]);
    let states = builder.addNode('Mul', [builder.addNode('Add', [doubled, signal]), validPositions]); // [batch, sequence, embedding], 0 at padding
    const maskBias = inputs.maskBias ?? attentionMaskBias(builder, inputs.attentionMask); // [batch, 1, 1, sequence] or [batch, 1, sequence, sequence]
    let lastAttention = '';
    for (let layer = 0; layer < dimensions.numLayers; layer++) {
      const width = layer === 0 ? dimensions.embeddingSize : dimensions.hiddenSize;
      const layerInput = states;
      const prefix = `use_lite.layer.${layer}`;
      builder.scope(`layer.${layer}`, () => {
        const attended = builder.scope('attention', () => {
          const normalized = builder.layerNorm(layerInput, weights.vector(`${prefix}.attention.layer_norm.weight`), weights.vector(`${prefix}.attention.layer_norm.bias`), dimensions.layerNormEps);
          const qkv = builder.dense(normalized, weights.denseWeight(`${prefix}.attention.qkv`), weights.denseBias(`${prefix}.attention.qkv`), { quantizable: true }); // [batch, sequence, 3 * width]
          const [query, key, value] = builder.addNodeOutputs('Split', [qkv], { axis: attribute.int(-1) }, { outputCount: 3 }) as [string, string, string];
          const attention = multiHeadAttention(builder, { query, key, value, maskBias }, { numHeads: dimensions.numHeads, width });
          lastAttention = attention.probabilities;
          return builder.dense(attention.context, weights.denseWeight(`${prefix}.attention.output`), weights.denseBias(`${prefix}.attention.output`), { quantizable: true }); // [batch, sequence, hidden]
        });
        const residual =
          width !== dimensions.hiddenSize
            ? builder.addNode('Mul', [builder.dense(layerInput, weights.denseWeight(`${prefix}.residual`), weights.denseBias(`${prefix}.residual`), { quantizable: true }), validPositions])
            : layerInput;
        const afterAttention = builder.addNode('Add', [residual, attended]); // [batch, sequence, hidden]
        const feedForward = builder.scope('ffn', () => {
          const normalized = builder.layerNorm(afterAttention, weights.vector(`${prefix}.ffn.layer_norm.weight`), weights.vector(`${prefix}.ffn.layer_norm.bias`), dimensions.layerNormEps);
          const intermediate = builder.activation(dimensions.hiddenActivation, builder.dense(normalized, weights.denseWeight(`${prefix}.ffn.intermediate`), weights.denseBias(`${prefix}.ffn.intermediate`), { quantizable: true }));
          const output = builder.dense(intermediate, weights.denseWeight(`${prefix}.ffn.output`), weights.denseBias(`${prefix}.ffn.output`), { quantizable: true });
          return builder.addNode('Mul', [output, validPositions]); // added at valid positions only
        });
        states = builder.addNode('Add', [afterAttention, feedForward]);
      });
    }
    return { hiddenStates: states, lastAttentionProbabilities: lastAttention, hiddenSize: dimensions.hiddenSize };
  });
}

/** sin/cos timing signal: [1, sequence, embedding], or [batch, sequence, embedding] from explicit position ids. */
function timingSignal(builder: GraphBuilder, inputs: EncoderGraphInputs, weights: ModelWeights): string {
  const inverse = weights.get('use_lite.timing_signal.inverse_timescales');
  const inverseName = builder.addInitializer('use_lite.timing_signal.inverse_timescales', OnnxDataType.float, inverse.shape, inverse.data); // [embedding / 2]
  if (inputs.positionIds !== undefined) {
    const angles = builder.addNode('Mul', [builder.unsqueeze(builder.toFloat(inputs.positionIds), [2]), inverseName]); // [batch, sequence, embedding / 2]
    return builder.addNode('Concat', [builder.addNode('Sin', [angles]), builder.addNode('Cos', [angles])], { axis: attribute.int(2) }); // [batch, sequence, embedding]
  }
  const positions = builder.toFloat(builder.sequencePositions(inputs.inputIds)); // [sequence]
  const angles = builder.addNode('Mul', [builder.unsqueeze(positions, [1]), inverseName]); // [sequence, embedding / 2]
  const signal = builder.addNode('Concat', [builder.addNode('Sin', [angles]), builder.addNode('Cos', [angles])], { axis: attribute.int(1) }); // [sequence, embedding]
  return builder.unsqueeze(signal, [0]);
}
