/**
 * Linear interpolation of two checkpoints of the same model, `(1 - alpha) * from + alpha * to`,
 * tensor by tensor (the "weight-space ensemble" of a zero-shot model and its fine-tuned version,
 * WiSE-FT, Wortsman et al. 2022). alpha 0 is `from`, alpha 1 is `to`.
 */
import { InvalidArgumentError, type NamedTensor } from '@gliznet/common';

/** Interpolated float tensors keyed by name; both maps must hold the same names, shapes and kinds. */
export function interpolateTensors(
  from: ReadonlyMap<string, NamedTensor>,
  to: ReadonlyMap<string, NamedTensor>,
  options: { alpha: number },
): Map<string, { shape: number[]; data: Float32Array | Int32Array }> {
  const { alpha } = options;
  if (!(alpha >= 0 && alpha <= 1)) throw new InvalidArgumentError('alpha', `alpha must be between 0 and 1, got ${JSON.stringify(alpha)}`);
  const names = [...to.keys()].sort();
  const fromNames = [...from.keys()].sort();
  if (names.join('\n') !== fromNames.join('\n')) {
    const missing = names.filter((name) => !from.has(name)).concat(fromNames.filter((name) => !to.has(name)));
    throw new InvalidArgumentError('from', `the two checkpoints hold different tensors (${missing.slice(0, 5).join(', ')}): interpolate checkpoints of the same model`);
  }
  const result = new Map<string, { shape: number[]; data: Float32Array | Int32Array }>();
  for (const name of names) {
    const a = from.get(name)!;
    const b = to.get(name)!;
    if (a.shape.join('x') !== b.shape.join('x')) {
      throw new InvalidArgumentError('from', `${name} has shape [${a.shape.join(', ')}] in one checkpoint and [${b.shape.join(', ')}] in the other`);
    }
    if (b.data instanceof Int32Array || a.data instanceof Int32Array) {
      // Integer tensors (ids, counters) are not weights: they must agree and are kept as they are.
      if (!(a.data instanceof Int32Array && b.data instanceof Int32Array) || a.data.some((value, index) => value !== b.data[index])) {
        throw new InvalidArgumentError('from', `${name} is an integer tensor that differs between the checkpoints`);
      }
      result.set(name, { shape: [...b.shape], data: Int32Array.from(b.data) });
      continue;
    }
    const data = new Float32Array(b.data.length);
    for (let index = 0; index < data.length; index++) data[index] = (1 - alpha) * a.data[index]! + alpha * b.data[index]!;
    result.set(name, { shape: [...b.shape], data });
  }
  return result;
}
