/** Layer normalisation over the last axis with a hand-written gradient (fewer kernels than autodiff). */
import * as tf from '../tf.js';
import { customGradient } from './custom-gradient.js';

/**
 * `gamma * (x - mean) / sqrt(var + epsilon) + beta` over the last axis, biased variance.
 * `x` [..., d], `gamma`/`beta` [d]. Returns [..., d].
 */
export function layerNorm(x: tf.Tensor, gamma: tf.Tensor, beta: tf.Tensor, options: { epsilon: number }): tf.Tensor {
  const axis = x.rank - 1;
  const normalise = customGradient(([input, scale, shift], save) => {
    const mean = tf.mean(input!, axis, true); // [..., 1]
    const centred = tf.sub(input!, mean);
    const variance = tf.mean(tf.square(centred), axis, true);
    const inverseStd = tf.rsqrt(tf.add(variance, options.epsilon)); // [..., 1]
    const normalised = tf.mul(centred, inverseStd); // [..., d]
    save([normalised, inverseStd, scale!]);
    return {
      value: tf.add(tf.mul(normalised, scale!), shift!),
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [xHat, rstd, savedScale] = saved as [tf.Tensor, tf.Tensor, tf.Tensor];
        const leadingAxes = dy.shape.slice(0, -1).map((_, index) => index);
        const dXHat = tf.mul(dy, savedScale);
        const meanDXHat = tf.mean(dXHat, axis, true);
        const meanDXHatXHat = tf.mean(tf.mul(dXHat, xHat), axis, true);
        const dInput = tf.mul(rstd, tf.sub(tf.sub(dXHat, meanDXHat), tf.mul(xHat, meanDXHatXHat)));
        const dScale = tf.sum(tf.mul(dy, xHat), leadingAxes);
        const dShift = tf.sum(dy, leadingAxes);
        return [dInput, dScale, dShift];
      },
    };
  });
  return normalise(x, gamma, beta);
}
