/**
 * Default settings of the gliznet losses, in one place so a trainer can log exactly what it used.
 *
 * - `bceScale` 1: plain BCE, as the report's formula writes it. The original Python code multiplies
 *   the BCE mean by 10; pass `bceScale: 10` to reproduce that.
 * - `margin` 0.1: the original code's hinge margin (on probabilities). Its article quotes 0.5.
 * - `contrastiveOn` `'probabilities'`: the original code applies the hinge to sigmoid probabilities.
 * - `alpha` 0.7, `beta` 0.3: the weights the report's article gives to BCE and the hinge.
 * - `distillationTemperature` 0.1: the teacher's softmax temperature in `distillationLoss`; for
 *   cosine teacher scores it equals the cosine scorer's initial scale (10) in `@gliznet/core`.
 */
export const LOSS_DEFAULTS = {
  bceScale: 1,
  margin: 0.1,
  contrastiveOn: 'probabilities',
  alpha: 0.7,
  beta: 0.3,
  reduction: 'mean',
  distillationTemperature: 0.1,
} as const;

/** How a loss reduces its per-slot (BCE) or per-example (hinge) values to one scalar. */
export type LossReduction = 'mean' | 'sum';

/** Which scores the contrastive hinge compares: sigmoid probabilities or raw logits. */
export type ContrastiveScores = 'probabilities' | 'logits';
