/** Shared by the loss tests: the cpu backend, reading a scalar, and the hand-worked 2x3 example. */
import * as tf from '@tensorflow/tfjs';
import { beforeAll } from 'vitest';

/** Registers a beforeAll that runs the file's tests on the cpu backend. */
export function useCpuBackend(): void {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });
}

/** The scalar's value; disposes the tensor. */
export function value(tensor: tf.Tensor): number {
  const result = tensor.dataSync()[0];
  tensor.dispose();
  if (result === undefined) throw new Error('empty tensor');
  return result;
}

/** The 2x3 example each loss test works out by hand in its comments. */
export const logits2x3 = [
  [0.5, -1, 1],
  [-0.5, 1, 3],
];
export const targets2x3 = [
  [1, 0, 0],
  [0, 1, 1],
];
