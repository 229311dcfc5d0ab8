/** Inverted dropout, active only in training. */
import * as tf from '../tf.js';

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
  return tf.dropout(x, rate, undefined, options.seeds?.());
}
