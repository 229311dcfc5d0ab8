/** `dot`: mean_k t_k l_k, the mean of the elementwise products (no tensors). */
import type { ScorerDefinition } from './scorer.js';

export const dotScorer: ScorerDefinition = {
  name: 'dot',
  tensors: () => [],
  score: (ops, text, labels, { width }) => ops.rowDots(labels, ops.scale(text, 1 / width)),
};
