/**
 * gliznet's `label_attention` `text-and-self` / `self` as ONNX nodes: the additive attention bias
 * [batch, 1, sequence, sequence] that replaces the padding-only one (same rule as `@gliznet/core`'s
 * heads/label-segments.ts). Segment per token: 0 for the text side (token type 0), i for label i
 * (lmask i), -1 for the label side's separators and final [SEP]. A query may attend to a real key
 * when the key is on the text side (`text-and-self`) or both are (`self`), when both belong to the
 * same label, and always to itself.
 */
import type { LabelAttention, LabelPositions } from '@gliznet/common';
import { MASKED_KEY_LOGIT } from './attention-graph.js';
import { attribute, type GraphBuilder } from './graph-builder.js';
import { OnnxDataType } from './onnx-proto.js';

/** Names of the graph inputs both functions read. */
export interface SegmentInputs {
  attentionMask: string;
  lmask: string;
  tokenTypeIds: string;
}

export function labelAttentionBias(
  builder: GraphBuilder,
  inputs: SegmentInputs,
  mode: Exclude<LabelAttention, 'all'>,
): string {
  return builder.scope('label_attention', () => {
    const zero = builder.constantInt64(0);
    const labelSide = builder.addNode('Where', [builder.addNode('Greater', [inputs.lmask, zero]), inputs.lmask, builder.constantInt64(-1)]); // [batch, sequence]
    const segment = builder.addNode('Where', [builder.addNode('Equal', [inputs.tokenTypeIds, zero]), zero, labelSide]); // int64 [batch, sequence]
    const querySegment = builder.unsqueeze(segment, [2]); // [batch, sequence, 1]
    const keySegment = builder.unsqueeze(segment, [1]); // [batch, 1, sequence]
    const keyIsText = builder.addNode('Equal', [keySegment, zero]); // [batch, 1, sequence]
    const sameLabel = builder.addNode('And', [builder.addNode('Equal', [querySegment, keySegment]), builder.addNode('Greater', [querySegment, zero])]); // [batch, sequence, sequence]
    const positions = builder.sequencePositions(inputs.lmask); // [sequence]
    const itself = builder.addNode('Equal', [builder.unsqueeze(positions, [1]), builder.unsqueeze(positions, [0])]); // [sequence, sequence]
    const seesText = mode === 'text-and-self' ? keyIsText : builder.addNode('And', [builder.addNode('Equal', [querySegment, zero]), keyIsText]);
    const keyIsReal = builder.unsqueeze(builder.addNode('Greater', [inputs.attentionMask, zero]), [1]); // [batch, 1, sequence]
    const allowed = builder.addNode('And', [builder.addNode('Or', [builder.addNode('Or', [seesText, sameLabel]), itself]), keyIsReal]); // [batch, sequence, sequence]
    const bias = builder.addNode('Where', [allowed, builder.constantFloat(0), builder.constantFloat(MASKED_KEY_LOGIT)]); // [batch, sequence, sequence]
    return builder.unsqueeze(bias, [1]); // [batch, 1, sequence, sequence]
  });
}

/**
 * gliznet's `label_positions` `after-text` / `from-zero` as ONNX nodes (same rule as `@gliznet/core`'s
 * labelPositionIds): int64 [batch, sequence] position ids. The text side (real tokens of type 0)
 * keeps 0, 1, 2, ...; the k-th token of a label gets start + k, with start the text side's length
 * (`after-text`) or 0 (`from-zero`); every other token (separators, final [SEP], padding) gets start.
 */
export function labelPositionIds(
  builder: GraphBuilder,
  inputs: SegmentInputs,
  mode: Exclude<LabelPositions, 'sequential'>,
): string {
  return builder.scope('label_positions', () => {
    const zero = builder.constantInt64(0);
    const toInt64 = (x: string): string => builder.addNode('Cast', [x], { to: attribute.int(OnnxDataType.int64) });
    const textSide = builder.addNode('And', [builder.addNode('Equal', [inputs.tokenTypeIds, zero]), builder.addNode('Greater', [inputs.attentionMask, zero])]); // [batch, sequence]
    const positions = builder.sequencePositions(inputs.lmask); // [sequence]
    const earlier = builder.addNode('Less', [builder.unsqueeze(positions, [0]), builder.unsqueeze(positions, [1])]); // [sequence (t), sequence (k)]: k < t
    const sameLabel = builder.addNode('Equal', [builder.unsqueeze(inputs.lmask, [2]), builder.unsqueeze(inputs.lmask, [1])]); // [batch, sequence, sequence]
    const rank = builder.reduceSum(toInt64(builder.addNode('And', [sameLabel, earlier])), [2], { keepDims: false }); // [batch, sequence]: earlier tokens of the same label
    const start = mode === 'after-text' ? builder.reduceSum(toInt64(textSide), [1], { keepDims: true }) : zero; // [batch, 1] or scalar
    const labelPositions = builder.addNode('Where', [builder.addNode('Greater', [inputs.lmask, zero]), builder.addNode('Add', [start, rank]), start]); // [batch, sequence]
    return builder.addNode('Where', [textSide, positions, labelPositions]); // [batch, sequence]
  });
}
