/** Inverted dropout, active only in training. */
import * as tf from '../tf.js';
import { customGradient } from './custom-gradient.js';

/** Training-mode flag plus, for reproducible runs, a source of per-call mask seeds. */
export interface DropoutOptions {
  training: boolean;
  /** Returns a new seed for each dropout call; when absent, masks are unseeded. */
  seeds?: () => number;
}

/**
 * Zeroes each element with probability `rate` and scales the rest by 1 / (1 - rate) when
 * `training`; the identity otherwise (or when rate is 0). With `seeds`, each mask is drawn from its
 * own seed, so a training run (and its resume) is reproducible.
 */
export function dropout(x: tf.Tensor, rate: number, options: DropoutOptions): tf.Tensor {
  if (!options.training || rate <= 0) return x;
  const seed = options.seeds?.();
  // The mask is tf.dropout's (same draw, same arithmetic), but only the mask is kept for the
  // backward pass instead of the uniform draw and its intermediates.
  const drop = customGradient(([input], save) => {
    const keep = 1 - rate;
    const mask = tf.div(tf.floor(tf.add(tf.randomUniform(input!.shape, 0, 1, 'float32', seed), keep)), keep);
    save([mask]);
    return { value: tf.mul(input!, mask), gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => [tf.mul(dy, saved[0]!)] };
  });
  return drop(x);
}
