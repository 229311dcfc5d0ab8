import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '../tf.js';
import { selectBackend } from '../backend.js';
import { gradientsOn, randomValues, relativeError } from '../testing/gradient-check.js';
import { attentionBias, firstQueryAttention, multiHeadAttention } from './attention.js';
import { activation } from './activations.js';
import { dense } from './dense.js';
import { dropout } from './dropout.js';
import { embeddingLookup } from './embedding-lookup.js';
import { layerNorm } from './layer-norm.js';
import { matMul } from './matmul.js';

// Gradients of the custom-gradient building blocks on wasm, against tfjs's own autodiff of the
// plain ops on the cpu backend (float32 both; tolerances are relative to the gradient's scale).
const TOLERANCE = 1e-4;

function input(shape: number[], seed: number, std = 1): { values: Float32Array; shape: number[] } {
  return { values: randomValues(shape.reduce((a, b) => a * b, 1), seed, std), shape };
}

async function compare(ours: (...xs: tf.Tensor[]) => tf.Tensor, reference: (...xs: tf.Tensor[]) => tf.Tensor, inputs: { values: Float32Array; shape: number[] }[]): Promise<void> {
  const actual = await gradientsOn('wasm', ours, inputs);
  const expected = await gradientsOn('cpu', reference, inputs);
  expect(relativeError(actual.value, expected.value)).toBeLessThan(TOLERANCE);
  expect(actual.gradients).toHaveLength(expected.gradients.length);
  actual.gradients.forEach((gradient, index) => {
    expect(gradient.length).toBe(expected.gradients[index]!.length);
    expect(relativeError(gradient, expected.gradients[index]!)).toBeLessThan(TOLERANCE);
  });
}

beforeAll(async () => {
  await selectBackend({ backend: 'cpu' });
  await selectBackend({ backend: 'wasm' });
});

describe('custom-gradient building blocks (wasm) match cpu autodiff of plain tfjs ops', () => {
  it('exact GELU (hand-written gradient) against autodiff of its formula', async () => {
    const gelu = activation('gelu');
    await compare((x) => gelu(x!), (x) => tf.mul(tf.mul(x!, 0.5), tf.add(1, tf.erf(tf.mul(x!, Math.SQRT1_2)))), [input([4, 6, 10], 5, 2)]);
  });

  it('seeded dropout: the same values as tf.dropout, and a gradient that is the mask', async () => {
    const x = tf.tensor(randomValues(600, 6), [20, 30]);
    const ours = dropout(x, 0.25, { training: true, seeds: () => 17 });
    expect(Array.from(await ours.data())).toEqual(Array.from(await tf.dropout(x, 0.25, undefined, 17).data()));
    const gradient = tf.grad((input: tf.Tensor) => tf.sum(dropout(input, 0.25, { training: true, seeds: () => 17 })))(x);
    const mask = await tf.div(tf.floor(tf.add(tf.randomUniform([20, 30], 0, 1, 'float32', 17), 0.75)), 0.75).data();
    expect(Array.from(await gradient.data())).toEqual(Array.from(mask));
    expect(dropout(x, 0.25, { training: false })).toBe(x);
  });

  it('matMul, 2-D and batched rank 4', async () => {
    await compare((a, b) => matMul(a!, b!), (a, b) => tf.matMul(a!, b!), [input([5, 7], 1), input([7, 3], 2)]);
    await compare((a, b) => matMul(a!, b!), (a, b) => tf.matMul(a!, b!), [input([2, 3, 5, 4], 3), input([2, 3, 4, 6], 4)]);
  });

  it('dense on a rank-3 input with bias', async () => {
    const reference = (x: tf.Tensor, w: tf.Tensor, b: tf.Tensor): tf.Tensor => tf.add(tf.matMul(x.reshape([-1, 6]), w), b).reshape([2, 5, 4]);
    await compare((x, w, b) => dense(x!, w!, b), (x, w, b) => reference(x!, w!, b!), [input([2, 5, 6], 5), input([6, 4], 6), input([4], 7)]);
  });

  it('layerNorm', async () => {
    const reference = (x: tf.Tensor, gamma: tf.Tensor, beta: tf.Tensor): tf.Tensor => {
      const { mean, variance } = tf.moments(x, -1, true);
      return tf.add(tf.mul(tf.div(tf.sub(x, mean), tf.sqrt(tf.add(variance, 1e-6))), gamma), beta);
    };
    await compare(
      (x, gamma, beta) => layerNorm(x!, gamma!, beta!, { epsilon: 1e-6 }),
      (x, gamma, beta) => reference(x!, gamma!, beta!),
      [input([3, 4, 16], 8, 2), input([16], 9), input([16], 10)],
    );
  });

  it('embeddingLookup scatter-adds repeated ids (no UnsortedSegmentSum on wasm)', async () => {
    const ids = [3, 1, 3, 0, 7, 3, 2, 1]; // repeats on purpose
    const idsTensor = (): tf.Tensor => tf.tensor2d(ids, [2, 4], 'int32');
    await compare((table) => embeddingLookup(table!, idsTensor()), (table) => tf.gather(table!, idsTensor()), [input([9, 5], 11)]);
  });

  it('multi-head attention with padding, through context and [CLS] attention', async () => {
    const mask = [1, 1, 1, 1, 0, 1, 1, 1, 0, 0];
    const run = (q: tf.Tensor, k: tf.Tensor, v: tf.Tensor): tf.Tensor => {
      const { context, probabilities } = multiHeadAttention(q, k, v, attentionBias(tf.tensor2d(mask, [2, 5])), { numHeads: 2 });
      return tf.concat([context.reshape([2, -1]), firstQueryAttention(probabilities)], 1);
    };
    const reference = (q: tf.Tensor, k: tf.Tensor, v: tf.Tensor): tf.Tensor => {
      const split = (x: tf.Tensor): tf.Tensor => x.reshape([2, 5, 2, 4]).transpose([0, 2, 1, 3]);
      const bias = tf.mul(tf.sub(1, tf.tensor2d(mask, [2, 5])), -1e9).reshape([2, 1, 1, 5]);
      const probabilities = tf.softmax(tf.add(tf.matMul(split(q), split(k), false, true).mul(0.5), bias));
      const context = tf.matMul(probabilities, split(v)).transpose([0, 2, 1, 3]).reshape([2, -1]);
      const cls = probabilities.slice([0, 0, 0, 0], [2, 2, 1, 5]).mean(1).reshape([2, 5]);
      return tf.concat([context, cls], 1);
    };
    await compare((q, k, v) => run(q!, k!, v!), (q, k, v) => reference(q!, k!, v!), [input([2, 5, 8], 12), input([2, 5, 8], 13), input([2, 5, 8], 14)]);
  });

  it('embeddingLookup also matches a numeric gradient', async () => {
    await tf.setBackend('wasm');
    const tableValues = randomValues(12, 15);
    const ids = tf.tensor1d([2, 0, 2], 'int32');
    const loss = (table: tf.Tensor): tf.Scalar => tf.sum(tf.square(embeddingLookup(table, ids)));
    const analytic = tf.grad(loss)(tf.tensor2d(tableValues, [4, 3])).dataSync();
    const step = 1e-2;
    for (const index of [0, 4, 6, 11]) {
      const plus = Float32Array.from(tableValues);
      const minus = Float32Array.from(tableValues);
      plus[index]! += step;
      minus[index]! -= step;
      const numeric = (loss(tf.tensor2d(plus, [4, 3])).dataSync()[0]! - loss(tf.tensor2d(minus, [4, 3])).dataSync()[0]!) / (2 * step);
      expect(analytic[index]).toBeCloseTo(numeric, 2);
    }
  });
});
