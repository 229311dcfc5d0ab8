/**
 * The GliZNet head as ONNX nodes, batched and loop-free: label pooling from `lmask`, text pooling,
 * then @gliznet/common's `scorePooledVectors` (optional sentence head tanh(W x + b), optional
 * projection, the scorer) through GraphOps, and padded-slot masking.
 *
 * numLabels = ReduceMax(lmask) over the whole batch; label slot i (1-based) of a row gathers the
 * positions with lmask == i through a one-hot Equal against Range(1, numLabels + 1). A slot with no
 * token in its row is padding: its logit is exactly PADDED_LABEL_LOGIT and `label_mask` is 0.
 */
import { scorePooledVectors, type ModelConfig } from '@gliznet/common';
import { attribute, type GraphBuilder } from './graph-builder.js';
import { GraphOps } from './graph-ops.js';
import type { EncoderGraph } from './encoder-graph.js';
import type { ModelWeights } from './model-weights.js';
import { OnnxDataType } from './onnx-proto.js';

/** Logit written in padded label slots (sigmoid -> 0, ignored by a softmax over the row). */
export const PADDED_LABEL_LOGIT = -10000;
/** Added to pooling denominators so a label slot without tokens divides 0 by a positive number. */
export const POOLING_EPSILON = 1e-9;

export interface GliznetHeadInputs {
  /** int64 [batch, sequence] */
  attentionMask: string;
  /** int64 [batch, sequence]: 0 outside labels, i for tokens of label i */
  lmask: string;
  /** int64 [batch, sequence]; needed by `text_pooling: mean` */
  tokenTypeIds: string | null;
}

export interface GliznetHeadOutputs {
  /** float32 [batch, numLabels] */
  logits: string;
  /** int64 [batch, numLabels]: 1 where the row has that label, 0 for a padded slot */
  labelMask: string;
}

/** Appends the GliZNet head on top of the encoder's outputs. */
export function buildGliznetHead(builder: GraphBuilder, encoder: EncoderGraph, inputs: GliznetHeadInputs, config: ModelConfig, weights: ModelWeights): GliznetHeadOutputs {
  return builder.scope('gliznet', () => {
    const hidden = encoder.hiddenStates; // [batch, sequence, hidden]
    const labelSlots = builder.scope('label_slots', () => {
      const numLabels = builder.addNode('ReduceMax', [inputs.lmask], { axes: attribute.ints([0, 1]), keepdims: attribute.int(0) }); // scalar
      const labelIds = builder.addNode('Range', [builder.constantInt64(1), builder.addNode('Add', [numLabels, builder.constantInt64(1)]), builder.constantInt64(1)]); // [numLabels]
      const oneHot = builder.toFloat(builder.addNode('Equal', [builder.unsqueeze(inputs.lmask, [2]), labelIds])); // [batch, sequence, numLabels]
      const counts = builder.reduceSum(oneHot, [1], { keepDims: false }); // [batch, numLabels]
      const present = builder.addNode('Greater', [counts, builder.constantFloat(0)]); // bool [batch, numLabels]
      return { oneHot, counts, present };
    });

    const labelVectors = builder.scope('label_pooling', () => {
      const transpose = (x: string): string => builder.addNode('Transpose', [x], { perm: attribute.ints([0, 2, 1]) }); // [batch, numLabels, sequence]
      let sums: string; // [batch, numLabels, hidden]
      let denominator: string; // [batch, numLabels, 1]
      if (config.gliznet.labelPooling === 'attention') {
        const fromCls = builder.addNode('Gather', [encoder.lastAttentionProbabilities, builder.constantInt64(0)], { axis: attribute.int(2) }); // [batch, heads, sequence]
        const averaged = builder.addNode('ReduceMean', [fromCls], { axes: attribute.ints([1]), keepdims: attribute.int(0) }); // [batch, sequence]
        const positionWeights = builder.addNode('Mul', [labelSlots.oneHot, builder.unsqueeze(averaged, [2])]); // [batch, sequence, numLabels]
        // The weight totals come out of the same MatMul as the weighted sums (a column of ones after
        // the hidden states): a ReduceSum over the sequence adds float weights in an order that
        // changes with the padded length and the label count, a MatMul over the sequence does not.
        const ones = builder.unsqueeze(builder.toFloat(inputs.attentionMask), [2]); // [batch, sequence, 1]
        const weighted = builder.addNode('MatMul', [transpose(positionWeights), builder.addNode('Concat', [hidden, ones], { axis: attribute.int(2) })]); // [batch, numLabels, hidden + 1]
        sums = builder.addNode('Slice', [weighted, builder.constantInt64([0]), builder.constantInt64([encoder.hiddenSize]), builder.constantInt64([2])]);
        denominator = builder.addNode('Slice', [weighted, builder.constantInt64([encoder.hiddenSize]), builder.constantInt64([encoder.hiddenSize + 1]), builder.constantInt64([2])]);
      } else {
        sums = builder.addNode('MatMul', [transpose(labelSlots.oneHot), hidden]);
        denominator = builder.unsqueeze(labelSlots.counts, [2]); // token counts: exact integers
      }
      const safeDenominator = builder.addNode('Add', [denominator, builder.constantFloat(POOLING_EPSILON)]);
      return builder.addNode('Div', [sums, safeDenominator]); // [batch, numLabels, hidden]
    });

    const textVector = builder.scope('text_pooling', () => {
      if (config.gliznet.textPooling === 'cls') return builder.addNode('Gather', [hidden, builder.constantInt64(0)], { axis: attribute.int(1) }); // [batch, hidden]
      if (inputs.tokenTypeIds === null) throw new Error('internal error: text_pooling mean needs token_type_ids');
      const firstSegment = builder.toFloat(builder.addNode('Equal', [inputs.tokenTypeIds, builder.constantInt64(0)]));
      const textWeights = builder.addNode('Mul', [builder.toFloat(inputs.attentionMask), firstSegment]); // [batch, sequence]
      const sums = builder.squeeze(builder.addNode('MatMul', [builder.unsqueeze(textWeights, [1]), hidden]), [1]); // [batch, hidden]
      const count = builder.addNode('Max', [builder.reduceSum(textWeights, [1], { keepDims: true }), builder.constantFloat(1)]); // [batch, 1]
      return builder.addNode('Div', [sums, count]);
    });

    // Sentence head, projection and scorer: written once in @gliznet/common, emitted through GraphOps.
    const scores = scorePooledVectors(new GraphOps(builder, weights), { text: textVector, labels: labelVectors }, config.gliznet, encoder.hiddenSize); // [batch, numLabels]

    const logits = builder.addNode('Where', [labelSlots.present, scores, builder.constantFloat(PADDED_LABEL_LOGIT)]); // [batch, numLabels]
    const labelMask = builder.addNode('Cast', [labelSlots.present], { to: attribute.int(OnnxDataType.int64) }); // int64 [batch, numLabels]
    return { logits, labelMask };
  });
}
