/** `bilinear`: t^T W l with `gliznet.scorer.weight` [d, d] used as stored (initially I / d, equal to `dot`). */
import type { ScorerDefinition } from './scorer.js';

export const bilinearScorer: ScorerDefinition = {
  name: 'bilinear',
  tensors(width) {
    const identity = new Float32Array(width * width);
    for (let i = 0; i < width; i++) identity[i * width + i] = 1 / width;
    return [{ name: 'gliznet.scorer.weight', shape: [width, width], transposed: false, trainable: true, initializer: { kind: 'values', values: identity } }];
  },
  // labels . (t W): the [batch, d] product first.
  score: (ops, text, labels) => ops.rowDots(labels, ops.dense(text, 'gliznet.scorer', { bias: false, layout: 'in-out', fewRows: true })),
};
