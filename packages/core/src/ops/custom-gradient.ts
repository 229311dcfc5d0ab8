/** A typed wrapper around `tf.customGrad` (whose signature mixes inputs and the save function). */
import * as tf from '../tf.js';

export type GradientFunction = (dy: tf.Tensor, saved: tf.Tensor[]) => tf.Tensor | tf.Tensor[];

/**
 * `f(inputs, save)` returns the forward value and a gradient function giving one gradient per
 * input. Returns an op taking the inputs as arguments.
 */
export function customGradient(f: (inputs: tf.Tensor[], save: tf.GradSaveFunc) => { value: tf.Tensor; gradFunc: GradientFunction }): (...inputs: tf.Tensor[]) => tf.Tensor {
  const wrapped = (...args: (tf.Tensor | tf.GradSaveFunc)[]): { value: tf.Tensor; gradFunc: GradientFunction } => {
    const save = args[args.length - 1] as tf.GradSaveFunc;
    return f(args.slice(0, -1) as tf.Tensor[], save);
  };
  return tf.customGrad(wrapped as unknown as Parameters<typeof tf.customGrad>[0]) as (...inputs: tf.Tensor[]) => tf.Tensor;
}
