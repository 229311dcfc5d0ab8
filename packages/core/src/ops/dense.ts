/** Fully connected layer on the last axis, built on the explicit-transpose `matMul`. */
import * as tf from '../tf.js';
import { matMul } from './matmul.js';

/**
 * `x @ weight + bias` over the last axis. `x` [..., in], `weight` [in, out] (the in-memory layout;
 * files store [out, in]), `bias` [out]. Returns [..., out].
 */
export function dense(x: tf.Tensor, weight: tf.Tensor, bias?: tf.Tensor): tf.Tensor {
  const inputSize = x.shape[x.rank - 1]!;
  const outputSize = weight.shape[1]!;
  if (weight.shape[0] !== inputSize) throw new RangeError(`dense: input has ${inputSize} features but weight is [${weight.shape.join(', ')}]`);
  const leading = x.shape.slice(0, -1);
  const flat = x.rank === 2 ? x : tf.reshape(x, [-1, inputSize]); // [N, in]
  let output = matMul(flat, weight); // [N, out]
  if (bias !== undefined) output = tf.add(output, bias);
  return x.rank === 2 ? output : tf.reshape(output, [...leading, outputSize]);
}
