/** Activations named as Hugging Face's `hidden_act` names them. */
import { ConfigurationError } from '@gliznet/common';
import * as tf from '../tf.js';

export type ActivationName = 'gelu' | 'gelu_new' | 'gelu_pytorch_tanh' | 'relu';
export const ACTIVATIONS: readonly ActivationName[] = ['gelu', 'gelu_new', 'gelu_pytorch_tanh', 'relu'];

/** Exact GELU: x * 0.5 * (1 + erf(x / sqrt(2))) (Hugging Face `gelu`). */
function geluExact(x: tf.Tensor): tf.Tensor {
  return tf.mul(tf.mul(x, 0.5), tf.add(1, tf.erf(tf.mul(x, Math.SQRT1_2))));
}

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
      throw new ConfigurationError(`hidden_act ${JSON.stringify(name)} is not supported; use one of ${ACTIVATIONS.join(', ')}`);
  }
}
