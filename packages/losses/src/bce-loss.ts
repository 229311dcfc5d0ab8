import {
  abs,
  add,
  cast,
  div,
  exp,
  log1p,
  maximum,
  mul,
  neg,
  relu,
  type Scalar,
  scalar,
  sub,
  sum,
  type Tensor,
  tidy,
  where,
  zerosLike,
} from '@tensorflow/tfjs-core';
import { LOSS_DEFAULTS, type LossReduction } from './defaults.js';
import {
  assertLossShapes,
  assertNonNegativeNumber,
  assertReduction,
  prepareLossInputs,
} from './loss-inputs.js';

/** Options of {@link bceLoss}. */
export interface BceLossOptions {
  /**
   * [batch, numLabels]: 1 (any value > 0) for a real label slot, 0 for a padded one. Padded slots are
   * ignored entirely: their logits and targets may hold anything, even NaN. Default: every slot is real.
   */
  mask?: Tensor;
  /** Factor applied to the reduced loss. Default 1 (plain BCE); the original code used 10. Must be > 0. */
  scale?: number;
  /**
   * `'mean'` (default): sum over the real slots of the whole batch divided by their count (every real
   * slot weighs the same, so examples with more labels weigh more; 0 when there is no real slot).
   * `'sum'`: the sum over real slots.
   */
  reduction?: LossReduction;
}

/**
 * Numerically stable binary cross-entropy on logits, element-wise:
 * `max(x, 0) - x * y + log1p(exp(-|x|))`, which equals `-(y log σ(x) + (1 - y) log(1 - σ(x)))`.
 * [batch, numLabels] in, [batch, numLabels] out. Does not mask.
 */
export function bceWithLogitsPerSlot(targets: Tensor, logits: Tensor): Tensor {
  return add(sub(relu(logits), mul(logits, targets)), log1p(exp(neg(abs(logits))))); // [batch, numLabels]
}

/**
 * Scaled, masked binary cross-entropy with logits.
 *
 * `scale * mean over real slots of [max(x, 0) - x * y + log1p(exp(-|x|))]`, where the mean is taken
 * over every real (mask > 0) slot of the batch at once. Targets may be soft (in [0, 1]).
 *
 * @param targets [batch, numLabels], values in [0, 1] (not checked: reading them would sync).
 * @param logits [batch, numLabels], raw scores (before sigmoid).
 * @returns a float32 scalar, inside its own `tidy`: nothing else it allocates outlives the call.
 * @throws InvalidArgumentError when the shapes differ or are not rank 2, or `scale` / `reduction` is invalid.
 */
export function bceLoss(targets: Tensor, logits: Tensor, options: BceLossOptions = {}): Scalar {
  const scale = options.scale ?? LOSS_DEFAULTS.bceScale;
  const reduction = options.reduction ?? LOSS_DEFAULTS.reduction;
  assertLossShapes('bceLoss', targets, logits, options.mask);
  assertNonNegativeNumber('bceLoss', 'scale', scale, { positive: true });
  assertReduction('bceLoss', reduction);
  return tidy(() => {
    const inputs = prepareLossInputs(targets, logits, options.mask);
    const perSlot = bceWithLogitsPerSlot(inputs.targets, inputs.logits); // [batch, numLabels]
    const total = sum(where(inputs.isReal, perSlot, zerosLike(perSlot))); // []
    const reduced =
      reduction === 'sum' ? total : div(total, maximum(sum(cast(inputs.isReal, 'float32')), scalar(1))); // []
    return mul(reduced, scalar(scale)) as Scalar;
  });
}
