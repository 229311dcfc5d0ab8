/**
 * The one tfjs entry point of this package. tfjs-core's Node bundle registers no gradient
 * definitions (so `tf.grads` would fail with "gradient function not found"); the `@tensorflow/tfjs`
 * bundle registers all of them on import, against the same tfjs-core instance.
 */
import '@tensorflow/tfjs';

export * from '@tensorflow/tfjs-core';
