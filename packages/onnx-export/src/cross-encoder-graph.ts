/**
 * The cross-encoder baseline head: one logit per `[CLS] text [SEP] label [SEP]` pair from the
 * pooled sequence (final [CLS] state, or masked mean over valid tokens), through the encoder's
 * sentence head tanh(W x + b) when `sentence_head` is true.
 */
import { crossEncoderLogits, type ModelConfig } from '@gliznet/common';
import { attribute, type GraphBuilder } from './graph-builder.js';
import type { EncoderGraph } from './encoder-graph.js';
import type { ModelWeights } from './model-weights.js';
import { GraphOps } from './graph-ops.js';

/** Appends the classifier; returns logits [batch, 1]. */
export function buildCrossEncoderHead(builder: GraphBuilder, encoder: EncoderGraph, inputs: { attentionMask: string }, config: ModelConfig, weights: ModelWeights): string {
  return builder.scope('cross_encoder', () => {
    let pooled: string; // [batch, hidden]
    if (config.gliznet.textPooling === 'cls') {
      pooled = builder.addNode('Gather', [encoder.hiddenStates, builder.constantInt64(0)], { axis: attribute.int(1) });
    } else {
      const mask = builder.toFloat(inputs.attentionMask); // [batch, sequence]
      const sums = builder.squeeze(builder.addNode('MatMul', [builder.unsqueeze(mask, [1]), encoder.hiddenStates]), [1]); // [batch, hidden]
      const count = builder.addNode('Max', [builder.reduceSum(mask, [1], { keepDims: true }), builder.constantFloat(1)]); // [batch, 1]
      pooled = builder.addNode('Div', [sums, count]);
    }
    // Sentence head and classifier: written once in @gliznet/common, emitted through GraphOps.
    return crossEncoderLogits(new GraphOps(builder, weights), pooled, config.gliznet); // [batch, 1]
  });
}
