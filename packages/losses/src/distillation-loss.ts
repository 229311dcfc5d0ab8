import {
  cast,
  div,
  exp,
  fill,
  greater,
  logSoftmax,
  maximum,
  mul,
  type Scalar,
  scalar,
  sub,
  sum,
  type Tensor,
  tidy,
  where,
  zerosLike,
} from '@tensorflow/tfjs-core';
import { LOSS_DEFAULTS } from './defaults.js';
import { assertLossShapes, assertNonNegativeNumber } from './loss-inputs.js';

/** Options of {@link distillationLoss}. */
export interface DistillationLossOptions {
  /** [batch, numLabels]: 1 (> 0) for a real label slot, 0 for a padded one. Default: every slot is real. */
  mask?: Tensor;
  /**
   * Temperature of the teacher's distribution, `softmax(teacherScores / temperature)`. Default 0.1:
   * for cosine teacher scores this matches the cosine scorer's initial scale of 10. Finite, > 0.
   */
  temperature?: number;
}

/** Fills padded slots before a softmax: far below any real score, yet finite (no Inf - Inf). */
const EXCLUDED_SCORE = -1e9;

/**
 * Listwise distillation of a teacher's label ranking into the model: per example
 * `KL(p || q) = Σ_real p · (log p - log q)`, with `p = softmax(teacherScores / temperature)` and
 * `q = softmax(logits)`, both over the example's real slots only. Mean over the examples having at
 * least one real slot (0 when none has). It pulls the relative scores of an example's labels toward
 * the teacher's (e.g. a pretrained bi-encoder's cosines) without touching their absolute level, which
 * the BCE keeps calibrated. The teacher scores are constants: no gradient flows into them.
 *
 * @param teacherScores [batch, numLabels] the teacher's scores (e.g. cosine similarities).
 * @param logits [batch, numLabels] the model's raw scores.
 * @returns a float32 scalar, inside its own `tidy`.
 * @throws InvalidArgumentError for mismatched shapes or a temperature that is not a finite number > 0.
 */
export function distillationLoss(teacherScores: Tensor, logits: Tensor, options: DistillationLossOptions = {}): Scalar {
  const temperature = options.temperature ?? LOSS_DEFAULTS.distillationTemperature;
  assertLossShapes('distillationLoss', teacherScores, logits, options.mask, { targetsName: 'teacherScores' });
  assertNonNegativeNumber('distillationLoss', 'temperature', temperature, { positive: true });
  return tidy(() => {
    const isReal = options.mask === undefined ? fill(logits.shape, 1, 'bool') : greater(cast(options.mask, 'float32'), 0); // [batch, numLabels]
    const excluded = fill(logits.shape, EXCLUDED_SCORE); // [batch, numLabels]
    const teacher = where(isReal, div(cast(teacherScores, 'float32'), scalar(temperature)), excluded); // [batch, numLabels]
    const student = where(isReal, cast(logits, 'float32'), excluded); // [batch, numLabels]
    const teacherLog = logSoftmax(teacher); // [batch, numLabels]
    const studentLog = logSoftmax(student); // [batch, numLabels]
    const teacherProbabilities = exp(teacherLog); // [batch, numLabels], 0 in padded slots
    const perSlot = where(isReal, mul(teacherProbabilities, sub(teacherLog, studentLog)), zerosLike(teacherLog)); // [batch, numLabels]
    const perExample = sum(perSlot, 1); // [batch]
    const examples = sum(cast(greater(sum(cast(isReal, 'float32'), 1), 0), 'float32')); // []
    return div(sum(perExample), maximum(examples, scalar(1))) as Scalar;
  });
}
