import {
  add,
  any,
  cast,
  div,
  fill,
  greaterEqual,
  less,
  logicalAnd,
  max,
  maximum,
  min,
  relu,
  type Scalar,
  scalar,
  sigmoid,
  sub,
  sum,
  type Tensor,
  tidy,
  where,
  zerosLike,
} from '@tensorflow/tfjs-core';
import { type ContrastiveScores, LOSS_DEFAULTS, type LossReduction } from './defaults.js';
import {
  assertContrastiveScores,
  assertLossShapes,
  assertNonNegativeNumber,
  assertReduction,
  prepareLossInputs,
} from './loss-inputs.js';

/** Options of {@link contrastiveHingeLoss}. */
export interface ContrastiveHingeLossOptions {
  /** [batch, numLabels]: 1 (> 0) for a real label slot, 0 for a padded one. Default: every slot is real. */
  mask?: Tensor;
  /** Required gap between the hardest positive and the hardest negative. Default 0.1. Finite, >= 0. */
  margin?: number;
  /** Compare sigmoid `'probabilities'` (default, as the original code) or raw `'logits'`. */
  on?: ContrastiveScores;
  /**
   * `'mean'` (default): sum over examples divided by the number of examples having at least one
   * positive and one negative real slot (0 when there is none). `'sum'`: the plain sum over examples.
   */
  reduction?: LossReduction;
}

/**
 * Stands in for "no score" when searching the hardest positive / negative: far outside any real
 * score, yet finite so no Inf - Inf can appear. Examples that need it are zeroed out anyway.
 */
const UNCHOSEN_SCORE = 1e30;

/**
 * Hard-negative contrastive hinge, per example `relu(margin + maxNeg - minPos)`, where `minPos` is
 * the lowest score among the example's real positive slots (target >= 0.5) and `maxNeg` the highest
 * among its real negative slots (target < 0.5). Scores are `sigmoid(logits)` or the logits
 * themselves (`on`). Padded slots are never chosen. An example without a real positive or without a
 * real negative contributes 0 and is left out of the mean's denominator.
 *
 * Gradient: flows only to each example's hardest positive and hardest negative (to all of them on a
 * tie, as tfjs `max`/`min` do), and only while the hinge is active.
 *
 * @param targets [batch, numLabels] in {0, 1} (soft targets are thresholded at 0.5).
 * @param logits [batch, numLabels] raw scores.
 * @returns a float32 scalar, inside its own `tidy`.
 * @throws InvalidArgumentError for mismatched shapes or an invalid `margin`, `on` or `reduction`.
 */
export function contrastiveHingeLoss(
  targets: Tensor,
  logits: Tensor,
  options: ContrastiveHingeLossOptions = {},
): Scalar {
  const margin = options.margin ?? LOSS_DEFAULTS.margin;
  const on = options.on ?? LOSS_DEFAULTS.contrastiveOn;
  const reduction = options.reduction ?? LOSS_DEFAULTS.reduction;
  assertLossShapes('contrastiveHingeLoss', targets, logits, options.mask);
  assertNonNegativeNumber('contrastiveHingeLoss', 'margin', margin);
  assertContrastiveScores('contrastiveHingeLoss', on);
  assertReduction('contrastiveHingeLoss', reduction);
  return tidy(() => {
    const inputs = prepareLossInputs(targets, logits, options.mask);
    const scores = on === 'logits' ? inputs.logits : sigmoid(inputs.logits); // [batch, numLabels]
    const isPositive = logicalAnd(inputs.isReal, greaterEqual(inputs.targets, 0.5)); // [batch, numLabels]
    const isNegative = logicalAnd(inputs.isReal, less(inputs.targets, 0.5)); // [batch, numLabels]
    const minPositive = min(where(isPositive, scores, fill(scores.shape, UNCHOSEN_SCORE)), 1); // [batch]
    const maxNegative = max(where(isNegative, scores, fill(scores.shape, -UNCHOSEN_SCORE)), 1); // [batch]
    const hasBoth = logicalAnd(any(isPositive, 1), any(isNegative, 1)); // [batch]
    const hinge = relu(add(scalar(margin), sub(maxNegative, minPositive))); // [batch]
    const perExample = where(hasBoth, hinge, zerosLike(hinge)); // [batch]
    const total = sum(perExample); // []
    if (reduction === 'sum') {
      return total as Scalar;
    }
    return div(total, maximum(sum(cast(hasBoth, 'float32')), scalar(1))) as Scalar;
  });
}
