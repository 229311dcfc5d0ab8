import { InvalidArgumentError } from '@gliznet/common';
import { cast, fill, greater, type Tensor, where, zerosLike } from '@tensorflow/tfjs-core';
import type { ContrastiveScores, LossReduction } from './defaults.js';

function formatShape(shape: readonly number[]): string {
  return `[${shape.join(', ')}]`;
}

/**
 * Checks that `targets` (called `targetsName` in messages), `logits` and (when given) `mask` are
 * all `[batch, numLabels]` with the same shape. Throws InvalidArgumentError naming `functionName` and every shape involved.
 */
export function assertLossShapes(functionName: string, targets: Tensor, logits: Tensor, mask: Tensor | undefined, options: { targetsName?: string } = {}): void {
  const targetsName = options.targetsName ?? 'targets';
  const maskText = mask === undefined ? '' : `, mask ${formatShape(mask.shape)}`;
  const shapes = `${targetsName} ${formatShape(targets.shape)}, logits ${formatShape(logits.shape)}${maskText}`;
  if (logits.rank !== 2) {
    throw new InvalidArgumentError(
      'logits',
      `${functionName}: logits must be [batch, numLabels] (rank 2) but got ${shapes}; reshape a [batch] vector to [batch, 1].`,
    );
  }
  const sameShape = (tensor: Tensor): boolean =>
    tensor.rank === 2 && tensor.shape[0] === logits.shape[0] && tensor.shape[1] === logits.shape[1];
  if (!sameShape(targets)) {
    throw new InvalidArgumentError(targetsName, `${functionName}: ${targetsName} must have the shape of logits, got ${shapes}.`);
  }
  if (mask !== undefined && !sameShape(mask)) {
    throw new InvalidArgumentError('mask', `${functionName}: mask must have the shape of logits, got ${shapes}.`);
  }
}

/** Throws unless `value` is a finite number >= 0 (or > 0 with `positive`). */
export function assertNonNegativeNumber(
  functionName: string,
  name: string,
  value: number,
  options: { positive?: boolean } = {},
): void {
  const ok = typeof value === 'number' && Number.isFinite(value) && (options.positive === true ? value > 0 : value >= 0);
  if (!ok) {
    const wanted = options.positive === true ? 'a finite number > 0' : 'a finite number >= 0';
    throw new InvalidArgumentError(name, `${functionName}: ${name} must be ${wanted}, got ${String(value)}.`);
  }
}

export function assertReduction(functionName: string, reduction: LossReduction): void {
  if (reduction !== 'mean' && reduction !== 'sum') {
    throw new InvalidArgumentError('reduction', `${functionName}: reduction must be 'mean' or 'sum', got ${JSON.stringify(reduction)}.`);
  }
}

export function assertContrastiveScores(functionName: string, on: ContrastiveScores): void {
  if (on !== 'probabilities' && on !== 'logits') {
    throw new InvalidArgumentError('on', `${functionName}: on must be 'probabilities' or 'logits', got ${JSON.stringify(on)}.`);
  }
}

/** Float32 inputs with padded slots neutralised; see {@link prepareLossInputs}. */
export interface PreparedLossInputs {
  /** [batch, numLabels] float32; 0 in padded slots. */
  targets: Tensor;
  /** [batch, numLabels] float32; 0 in padded slots, so -10000, Inf or NaN there never reach the math. */
  logits: Tensor;
  /** [batch, numLabels] bool; true for real label slots (mask > 0, or everywhere without a mask). */
  isReal: Tensor;
}

/**
 * Casts the inputs to float32 and replaces padded slots of `targets` and `logits` with 0 through
 * `where`, whose gradient to the replaced entries is exactly 0. Call inside `tidy` after
 * {@link assertLossShapes}.
 */
export function prepareLossInputs(targets: Tensor, logits: Tensor, mask: Tensor | undefined): PreparedLossInputs {
  const floatTargets = cast(targets, 'float32'); // [batch, numLabels]
  const floatLogits = cast(logits, 'float32'); // [batch, numLabels]
  const isReal = mask === undefined ? fill(logits.shape, 1, 'bool') : greater(cast(mask, 'float32'), 0); // [batch, numLabels]
  if (mask === undefined) {
    return { targets: floatTargets, logits: floatLogits, isReal };
  }
  return {
    targets: where(isReal, floatTargets, zerosLike(floatTargets)),
    logits: where(isReal, floatLogits, zerosLike(floatLogits)),
    isReal,
  };
}
