/**
 * `dot_learning`: w . (t * l) + b with `gliznet.scorer.weight` [1, d] (a dense layer's layout) and
 * `gliznet.scorer.bias` [1]; initially w = 1 / d, b = 0 (equal to `dot`).
 */
import type { ScorerDefinition } from './scorer.js';

export const dotLearningScorer: ScorerDefinition = {
  name: 'dot_learning',
  tensors: (width) => [
    { name: 'gliznet.scorer.weight', shape: [1, width], transposed: true, trainable: true, initializer: { kind: 'values', values: new Float32Array(width).fill(1 / width) } },
    { name: 'gliznet.scorer.bias', shape: [1], transposed: false, trainable: true, initializer: { kind: 'zeros' } },
  ],
  // labels . (t * w) + b, the same sum as w . (t * l) + b.
  score: (ops, text, labels) => ops.add(ops.rowDots(labels, ops.mul(text, ops.vector('gliznet.scorer.weight'))), ops.vector('gliznet.scorer.bias')),
};
