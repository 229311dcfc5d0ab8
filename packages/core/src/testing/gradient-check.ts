/** Test helpers: run a function's gradients on a given backend and compare arrays. */
import * as tf from '../tf.js';
import { createSeededRandom } from '@gliznet/common';

/** Seeded normal values as a plain array (so tensors can be rebuilt on any backend). */
export function randomValues(count: number, seed: number, std = 1): Float32Array {
  return createSeededRandom(seed).normals(count, std);
}

/**
 * Value and gradients of `sum(f(inputs) * weights)` with respect to every input, computed on
 * `backend`. A fixed random `weights` tensor makes every output element matter.
 */
export async function gradientsOn(
  backend: 'wasm' | 'cpu',
  f: (...inputs: tf.Tensor[]) => tf.Tensor,
  inputs: { values: Float32Array; shape: number[] }[],
  options: { seed?: number } = {},
): Promise<{ value: Float32Array; gradients: Float32Array[] }> {
  await tf.setBackend(backend);
  return tf.tidy(() => {
    const tensors = inputs.map((input) => tf.tensor(input.values, input.shape));
    const probe = f(...tensors);
    const weights = tf.tensor(randomValues(probe.size, options.seed ?? 99), probe.shape);
    const { value, grads } = tf.valueAndGrads((...xs: tf.Tensor[]) => tf.sum(tf.mul(f(...xs), weights)))(tensors);
    return { value: value.dataSync() as Float32Array, gradients: grads.map((gradient) => gradient.dataSync() as Float32Array) };
  });
}

/** Largest |a - b| / (|b|max + tiny): relative to the reference's scale. */
export function relativeError(actual: ArrayLike<number>, expected: ArrayLike<number>): number {
  if (actual.length !== expected.length) return Infinity;
  let scale = 0;
  let worst = 0;
  for (let i = 0; i < expected.length; i++) {
    scale = Math.max(scale, Math.abs(expected[i]!));
    worst = Math.max(worst, Math.abs(actual[i]! - expected[i]!));
  }
  return worst / (scale + 1e-12);
}
