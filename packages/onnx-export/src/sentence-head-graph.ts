/**
 * The encoder's sentence head `tanh(x W^T + b)` (`use_lite.pooler` or `bert.pooler.dense`), applied
 * to pooled vectors when `sentence_head` is true. Its MatMul is quantized in the int8 graph like the
 * encoder's dense layers. Its input can be one vector (the cross-encoder's [batch, hidden] with
 * batch 1): `fewRows` keeps the fp32 result the same for any batch size.
 */
import type { DenseWeight, GraphBuilder } from './graph-builder.js';

/** `x` [..., hidden] -> tanh(dense(x)) [..., hidden]. Call once per model (the weights are added once). */
export function buildSentenceHead(builder: GraphBuilder, x: string, weight: DenseWeight, bias: { name: string; data: Float32Array }): string {
  return builder.addNode('Tanh', [builder.dense(x, weight, bias, { quantizable: true, fewRows: true })]);
}
