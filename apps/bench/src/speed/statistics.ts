/** Summary statistics for timings. */
import { InvalidArgumentError } from '@gliznet/common';

/**
 * The q-quantile (0 <= q <= 1) with linear interpolation between closest ranks (numpy's default):
 * position (n - 1) * q in the sorted values.
 */
export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) throw new InvalidArgumentError('values', 'quantile of an empty list');
  if (!(q >= 0 && q <= 1)) throw new InvalidArgumentError('q', `q must be in [0, 1], got ${q}`);
  const sorted = [...values].sort((a, b) => a - b);
  const position = (sorted.length - 1) * q;
  const lower = Math.floor(position);
  const upper = Math.ceil(position);
  return sorted[lower]! + (sorted[upper]! - sorted[lower]!) * (position - lower);
}

export function median(values: readonly number[]): number {
  return quantile(values, 0.5);
}
