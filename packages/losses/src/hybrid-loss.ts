import { InvalidArgumentError } from '@gliznet/common';
import { add, mul, type Scalar, scalar, type Tensor, tidy } from '@tensorflow/tfjs-core';
import { bceLoss } from './bce-loss.js';
import { contrastiveHingeLoss } from './contrastive-hinge-loss.js';
import { type ContrastiveScores, LOSS_DEFAULTS } from './defaults.js';
import { assertContrastiveScores, assertLossShapes, assertNonNegativeNumber } from './loss-inputs.js';

/** Options of {@link hybridLoss}; every loss here uses the `'mean'` reduction. */
export interface HybridLossOptions {
  /** [batch, numLabels]: 1 (> 0) for a real label slot, 0 for a padded one. Default: every slot is real. */
  mask?: Tensor;
  /** Weight of the (scaled) BCE. Default 0.7 (the report's article). Finite, >= 0. */
  alpha?: number;
  /** Weight of the contrastive hinge. Default 0.3 (the report's article). Finite, >= 0; not both 0. */
  beta?: number;
  /** Hinge margin. Default 0.1 (the original code). */
  margin?: number;
  /** BCE scale. Default 1; the original code used 10. */
  bceScale?: number;
  /** Hinge on `'probabilities'` (default) or `'logits'`. */
  contrastiveOn?: ContrastiveScores;
}

/** The hybrid loss and its two parts, all float32 scalars owned by the caller. */
export type HybridLossResult = {
  /** `alpha * bce + beta * contrastive`: the value to minimise. */
  total: Scalar;
  /** {@link bceLoss} with `scale: bceScale`, before `alpha`. */
  bce: Scalar;
  /** {@link contrastiveHingeLoss}, before `beta`. */
  contrastive: Scalar;
};

/**
 * GliZNet's training loss: `total = alpha * bce + beta * contrastive`, with `bce` the masked, scaled
 * BCE-with-logits mean over real slots and `contrastive` the hard-negative hinge mean over examples
 * having both a positive and a negative. Returns the parts too, so a trainer can log them; dispose
 * all three (e.g. by calling this inside the `tidy` / `variableGrads` closure and returning `total`).
 *
 * @param targets [batch, numLabels] in [0, 1].
 * @param logits [batch, numLabels] raw scores.
 * @throws InvalidArgumentError for mismatched shapes or invalid `alpha`, `beta`, `margin`, `bceScale`, `contrastiveOn`.
 */
export function hybridLoss(targets: Tensor, logits: Tensor, options: HybridLossOptions = {}): HybridLossResult {
  const alpha = options.alpha ?? LOSS_DEFAULTS.alpha;
  const beta = options.beta ?? LOSS_DEFAULTS.beta;
  const margin = options.margin ?? LOSS_DEFAULTS.margin;
  const bceScale = options.bceScale ?? LOSS_DEFAULTS.bceScale;
  const contrastiveOn = options.contrastiveOn ?? LOSS_DEFAULTS.contrastiveOn;
  // Checked here too so the messages name hybridLoss and its option names.
  assertLossShapes('hybridLoss', targets, logits, options.mask);
  assertNonNegativeNumber('hybridLoss', 'alpha', alpha);
  assertNonNegativeNumber('hybridLoss', 'beta', beta);
  assertNonNegativeNumber('hybridLoss', 'margin', margin);
  assertNonNegativeNumber('hybridLoss', 'bceScale', bceScale, { positive: true });
  assertContrastiveScores('hybridLoss', contrastiveOn);
  if (alpha === 0 && beta === 0) {
    throw new InvalidArgumentError('alpha', 'hybridLoss: alpha and beta are both 0, so the loss would be constant; give at least one a positive weight.');
  }
  return tidy(() => {
    const bce = bceLoss(targets, logits, { mask: options.mask, scale: bceScale });
    const contrastive = contrastiveHingeLoss(targets, logits, { mask: options.mask, margin, on: contrastiveOn });
    const total = add(mul(scalar(alpha), bce), mul(scalar(beta), contrastive)) as Scalar;
    return { total, bce, contrastive };
  });
}
