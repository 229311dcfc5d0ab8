/**
 * Matrix products whose gradients use explicit transposes. On the wasm backend a `matMul` with
 * `transposeA`/`transposeB` (what tfjs's own MatMul gradient emits) is 10-30x slower than a
 * `transpose()` followed by a plain `matMul`, so every product in the model goes through here.
 */
import * as tf from '../tf.js';
import { customGradient } from './custom-gradient.js';

/** Swaps the last two axes of a rank >= 2 tensor with one explicit Transpose kernel. */
export function transposeLastTwo<T extends tf.Tensor>(x: T): T {
  const perm = x.shape.map((_, axis) => axis);
  const rank = perm.length;
  perm[rank - 2] = rank - 1;
  perm[rank - 1] = rank - 2;
  return tf.transpose(x, perm);
}

const matMulWithExplicitTransposes = customGradient(([a, b], save) => {
  save([a!, b!]);
  return {
    value: tf.matMul(a!, b!),
    gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
      const [savedA, savedB] = saved as [tf.Tensor, tf.Tensor];
      return [tf.matMul(dy, transposeLastTwo(savedB)), tf.matMul(transposeLastTwo(savedA), dy)];
    },
  };
});

/**
 * `a @ b` for `a` [..., m, k] and `b` [..., k, n] with identical leading (batch) dimensions.
 * Returns [..., m, n]. Forward and backward use only plain (untransposed) MatMul kernels.
 */
export function matMul(a: tf.Tensor, b: tf.Tensor): tf.Tensor {
  if (a.rank < 2 || a.rank !== b.rank) throw new RangeError(`matMul: ranks ${a.rank} and ${b.rank}; both must be equal and >= 2`);
  return matMulWithExplicitTransposes(a, b);
}
