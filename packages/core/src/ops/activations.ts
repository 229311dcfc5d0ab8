/** Activations named as Hugging Face's `hidden_act` names them. */
import { ConfigurationError } from '@gliznet/common';
import * as tf from '../tf.js';
import { customGradient } from './custom-gradient.js';

/**
 * Exact GELU: x * 0.5 * (1 + erf(x / sqrt(2))) (Hugging Face `gelu`), with a hand-written gradient
 * dy * (Phi(x) + x * phi(x)). Only `x` is kept for the backward pass: autodiff kept the five
 * intermediates of the chain, the largest share of a BERT layer's training memory.
 */
const geluExact = customGradient(([x], save) => {
  save([x!]);
  return {
    value: tf.mul(tf.mul(x!, 0.5), tf.add(1, tf.erf(tf.mul(x!, Math.SQRT1_2)))),
    gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
      const input = saved[0]!;
      const cdf = tf.mul(0.5, tf.add(1, tf.erf(tf.mul(input, Math.SQRT1_2)))); // Phi(x)
      const pdf = tf.mul(1 / Math.sqrt(2 * Math.PI), tf.exp(tf.mul(-0.5, tf.square(input)))); // phi(x)
      return [tf.mul(dy, tf.add(cdf, tf.mul(input, pdf)))];
    },
  };
});

/** Tanh approximation (Hugging Face `gelu_new` / `gelu_pytorch_tanh`). */
function geluTanh(x: tf.Tensor): tf.Tensor {
  const inner = tf.mul(Math.sqrt(2 / Math.PI), tf.add(x, tf.mul(0.044715, tf.pow(x, 3))));
  return tf.mul(tf.mul(x, 0.5), tf.add(1, tf.tanh(inner)));
}

/** Returns the activation function for a `hidden_act` name; unknown names are a ConfigurationError. */
export function activation(name: string): (x: tf.Tensor) => tf.Tensor {
  switch (name) {
    case 'gelu':
      return geluExact;
    case 'gelu_new':
    case 'gelu_pytorch_tanh':
      return geluTanh;
    case 'relu':
      return (x) => tf.relu(x);
    default:
      throw new ConfigurationError(`hidden_act ${JSON.stringify(name)} is not supported; use one of gelu, gelu_new, gelu_pytorch_tanh, relu`);
  }
}
