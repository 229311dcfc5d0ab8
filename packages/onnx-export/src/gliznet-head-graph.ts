/**
 * The GliZNet head as ONNX nodes, batched and loop-free: label pooling from `lmask`, text pooling,
 * optional sentence head tanh(W x + b), optional projection, scorer and padded-slot masking.
 *
 * numLabels = ReduceMax(lmask) over the whole batch; label slot i (1-based) of a row gathers the
 * positions with lmask == i through a one-hot Equal against Range(1, numLabels + 1). A slot with no
 * token in its row is padding: its logit is exactly PADDED_LABEL_LOGIT and `label_mask` is 0.
 */
import type { ModelConfig } from '@gliznet/common';
import { attribute, type GraphBuilder } from './graph-builder.js';
import type { EncoderGraph } from './encoder-graph.js';
import type { ModelWeights } from './model-weights.js';
import { sentenceHeadPrefix } from './model-dimensions.js';
import { OnnxDataType } from './onnx-proto.js';
import { buildSentenceHead } from './sentence-head-graph.js';

/** Logit written in padded label slots (sigmoid -> 0, ignored by a softmax over the row). */
export const PADDED_LABEL_LOGIT = -10000;
/** Added to pooling denominators so a label slot without tokens divides 0 by a positive number. */
export const POOLING_EPSILON = 1e-9;
/** Floor of a vector's L2 norm in the cosine scorer: cos = t.l / (max(|t|, eps) max(|l|, eps)). */
export const COSINE_EPSILON = 1e-12;

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

    let labelVectors = builder.scope('label_pooling', () => {
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

    let textVector = builder.scope('text_pooling', () => {
      if (config.gliznet.textPooling === 'cls') return builder.addNode('Gather', [hidden, builder.constantInt64(0)], { axis: attribute.int(1) }); // [batch, hidden]
      if (inputs.tokenTypeIds === null) throw new Error('internal error: text_pooling mean needs token_type_ids');
      const firstSegment = builder.toFloat(builder.addNode('Equal', [inputs.tokenTypeIds, builder.constantInt64(0)]));
      const textWeights = builder.addNode('Mul', [builder.toFloat(inputs.attentionMask), firstSegment]); // [batch, sequence]
      const sums = builder.squeeze(builder.addNode('MatMul', [builder.unsqueeze(textWeights, [1]), hidden]), [1]); // [batch, hidden]
      const count = builder.addNode('Max', [builder.reduceSum(textWeights, [1], { keepDims: true }), builder.constantFloat(1)]); // [batch, 1]
      return builder.addNode('Div', [sums, count]);
    });

    if (config.gliznet.sentenceHead) {
      // One dense layer over [text; labels] so the (quantizable) MatMul and its weights appear once.
      const prefix = sentenceHeadPrefix(config.gliznet.encoder);
      const weight = weights.denseWeight(prefix);
      const bias = weights.denseBias(prefix);
      builder.scope('sentence_head', () => {
        const stacked = builder.addNode('Concat', [builder.unsqueeze(textVector, [1]), labelVectors], { axis: attribute.int(1) }); // [batch, 1 + numLabels, hidden]
        const activated = buildSentenceHead(builder, stacked, weight, bias); // [batch, 1 + numLabels, hidden]
        textVector = builder.addNode('Gather', [activated, builder.constantInt64(0)], { axis: attribute.int(1) }); // [batch, hidden]
        // Slice [1, end) on axis 1 (an end past the size is clamped to it).
        labelVectors = builder.addNode('Slice', [activated, builder.constantInt64([1]), builder.constantInt64([Number.MAX_SAFE_INTEGER]), builder.constantInt64([1])]); // [batch, numLabels, hidden]
      });
    }

    if (config.gliznet.projectionDim !== null) {
      const weight = weights.denseWeight('gliznet.projection');
      const bias = weights.denseBias('gliznet.projection');
      builder.scope('projection', () => {
        textVector = builder.dense(textVector, weight, bias, { fewRows: true }); // [batch, d]
        labelVectors = builder.dense(labelVectors, weight, bias, { fewRows: true }); // [batch, numLabels, d]
      });
    }

    const scores = builder.scope('scorer', () => {
      const width = config.gliznet.projectionDim ?? encoder.hiddenSize;
      if (config.gliznet.similarity === 'cosine') {
        // x / sqrt(max(sum x^2, eps^2)) = x / max(|x|, eps), then scale * (l . t) + bias.
        const normalize = (x: string): string => {
          const squaredNorm = builder.reduceSum(builder.addNode('Mul', [x, x]), [-1], { keepDims: true }); // [..., 1]
          return builder.addNode('Div', [x, builder.addNode('Sqrt', [builder.addNode('Max', [squaredNorm, builder.constantFloat(COSINE_EPSILON * COSINE_EPSILON)])])]);
        };
        const cosines = rowDots(builder, normalize(labelVectors), normalize(textVector)); // [batch, numLabels]
        const scale = builder.initializerOnce('gliznet.scorer.scale', OnnxDataType.float, [1], weights.get('gliznet.scorer.scale').data);
        const bias = builder.initializerOnce('gliznet.scorer.bias', OnnxDataType.float, [1], weights.get('gliznet.scorer.bias').data);
        return builder.addNode('Add', [builder.addNode('Mul', [cosines, scale]), bias]);
      }
      let query = textVector; // [batch, d]: score = labels . query
      if (config.gliznet.similarity === 'dot') query = builder.addNode('Mul', [textVector, builder.constantFloat(1 / width)]);
      if (config.gliznet.similarity === 'bilinear') query = builder.dense(textVector, { name: 'gliznet.scorer.weight', inFeatures: width, outFeatures: width, data: weights.get('gliznet.scorer.weight').data }, null, { fewRows: true }); // t W, W as stored
      if (config.gliznet.similarity === 'dot_learning') query = builder.addNode('Mul', [textVector, builder.initializerOnce('gliznet.scorer.weight', OnnxDataType.float, [width], weights.get('gliznet.scorer.weight').data)]);
      let raw = rowDots(builder, labelVectors, query); // [batch, numLabels]
      if (config.gliznet.similarity === 'dot_learning') raw = builder.addNode('Add', [raw, builder.initializerOnce('gliznet.scorer.bias', OnnxDataType.float, [1], weights.get('gliznet.scorer.bias').data)]);
      return raw;
    });

    const logits = builder.addNode('Where', [labelSlots.present, scores, builder.constantFloat(PADDED_LABEL_LOGIT)]); // [batch, numLabels]
    const labelMask = builder.addNode('Cast', [labelSlots.present], { to: attribute.int(OnnxDataType.int64) }); // int64 [batch, numLabels]
    return { logits, labelMask };
  });
}

/**
 * labels [batch, numLabels, d] . query [batch, d] -> [batch, numLabels], as Mul + ReduceSum over d
 * rather than a MatMul with one column: onnxruntime's one-column MatMul rounds differently with the
 * number of rows (numLabels, the batch's largest label count), so a row's logits changed in the last
 * bit with its neighbours' label counts. Each dot product here sums its own d products only.
 */
function rowDots(builder: GraphBuilder, labels: string, query: string): string {
  const queryRow = builder.unsqueeze(query, [1]); // [batch, 1, d]
  const products = builder.addNode('Mul', [labels, queryRow]); // [batch, numLabels, d]
  // One extra all-zero slot, dropped after the sum: onnxruntime 1.30's ReduceSum returns an empty
  // input unreduced ([batch, 0, d] for a batch without labels), so the sum never sees numLabels 0.
  const padded = builder.addNode('Concat', [products, builder.addNode('Mul', [queryRow, builder.constantFloat(0)])], { axis: attribute.int(1) }); // [batch, numLabels + 1, d]
  const sums = builder.reduceSum(padded, [-1], { keepDims: false }); // [batch, numLabels + 1]
  return builder.addNode('Slice', [sums, builder.constantInt64([0]), builder.constantInt64([-1]), builder.constantInt64([1])]); // [batch, numLabels]
}
