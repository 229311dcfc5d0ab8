/**
 * Multi-head scaled dot-product self-attention, shared by both encoders.
 */
import { attribute, type GraphBuilder } from './graph-builder.js';

/** Large negative logit added to padded keys: (1 - mask) * -1e9. */
export const MASKED_KEY_LOGIT = -1e9;

/** (1 - mask) * -1e9 as [batch, 1, 1, sequence], added to attention logits over keys. */
export function attentionMaskBias(builder: GraphBuilder, attentionMask: string): string {
  const maskFloat = builder.toFloat(attentionMask); // [batch, sequence]
  const inverted = builder.addNode('Sub', [builder.constantFloat(1), maskFloat]);
  const bias = builder.addNode('Mul', [inverted, builder.constantFloat(MASKED_KEY_LOGIT)]);
  return builder.unsqueeze(bias, [1, 2]); // [batch, 1, 1, sequence]
}

export interface AttentionResult {
  /** Attention output with heads recombined: [batch, sequence, width]. */
  context: string;
  /** Softmax probabilities: [batch, heads, sequence (queries), sequence (keys)]. */
  probabilities: string;
}

/**
 * Self-attention of already-projected queries, keys and values ([batch, sequence, width] each):
 * q is scaled by 1/sqrt(headSize) before q k^T.
 */
export function multiHeadAttention(
  builder: GraphBuilder,
  inputs: { query: string; key: string; value: string; maskBias: string },
  options: { numHeads: number; width: number },
): AttentionResult {
  const headSize = options.width / options.numHeads;
  const headShape = builder.constantInt64([0, 0, options.numHeads, headSize]);
  const split = (tensor: string): string => builder.addNode('Reshape', [tensor, headShape]); // [batch, sequence, heads, headSize]
  const query = builder.addNode('Transpose', [split(inputs.query)], { perm: attribute.ints([0, 2, 1, 3]) }); // [batch, heads, sequence, headSize]
  const scaledQuery = builder.addNode('Mul', [query, builder.constantFloat(1 / Math.sqrt(headSize))]);
  const keyTransposed = builder.addNode('Transpose', [split(inputs.key)], { perm: attribute.ints([0, 2, 3, 1]) }); // [batch, heads, headSize, sequence]
  const value = builder.addNode('Transpose', [split(inputs.value)], { perm: attribute.ints([0, 2, 1, 3]) }); // [batch, heads, sequence, headSize]
  const logits = builder.addNode('Add', [builder.addNode('MatMul', [scaledQuery, keyTransposed]), inputs.maskBias]); // [batch, heads, sequence, sequence]
  const probabilities = builder.addNode('Softmax', [logits], { axis: attribute.int(-1) });
  const perHead = builder.addNode('MatMul', [probabilities, value]); // [batch, heads, sequence, headSize]
  const merged = builder.addNode('Transpose', [perHead], { perm: attribute.ints([0, 2, 1, 3]) }); // [batch, sequence, heads, headSize]
  const context = builder.addNode('Reshape', [merged, builder.constantInt64([0, 0, options.width])]); // [batch, sequence, width]
  return { context, probabilities };
}
