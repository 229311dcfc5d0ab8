import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { AdamW, clipByGlobalNorm } from './adamw.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('AdamW', () => {
  it('matches a hand-computed first step with decoupled decay', () => {
    const weight = tf.variable(tf.tensor2d([[1, -2]]), true, 'w');
    const optimizer = new AdamW(new Map([['layer.weight', weight]]), { weightDecay: 0.1 });
    optimizer.step(new Map([['layer.weight', tf.tensor2d([[0.5, -0.25]])]]), 0.01);
    // Step 1: m_hat = g, v_hat = g^2, so the Adam step is sign(g) (up to epsilon); decay adds 0.1 * w.
    // w1 = w - 0.01 * (sign(g) + 0.1 * w) = [1 - 0.01 * 1.1, -2 - 0.01 * (-1 - 0.2)]
    const values = weight.dataSync();
    expect(values[0]).toBeCloseTo(1 - 0.011, 6);
    expect(values[1]).toBeCloseTo(-2 + 0.012, 6);
    optimizer.dispose();
    weight.dispose();
  });

  it('minimises a quadratic and resumes exactly from saved state', async () => {
    const target = tf.tensor1d([3, -1, 2]);
    const run = async (steps: number, resumeAt?: number): Promise<Float32Array> => {
      let weight = tf.variable(tf.zeros([3]), true, `q${Math.random()}`);
      let optimizer = new AdamW(new Map([['bias', weight]]));
      for (let step = 0; step < steps; step++) {
        if (step === resumeAt) {
          const state = await optimizer.saveState();
          const values = await weight.data();
          const count = optimizer.stepCount;
          optimizer.dispose();
          weight.dispose();
          weight = tf.variable(tf.tensor1d(Float32Array.from(values)), true, `q${Math.random()}`);
          optimizer = new AdamW(new Map([['bias', weight]]));
          optimizer.loadState(state, count);
        }
        const gradient = tf.tidy(() => tf.mul(tf.sub(weight, target), 2));
        optimizer.step(new Map([['bias', gradient]]), 0.1);
        gradient.dispose();
      }
      const result = (await weight.data()) as Float32Array;
      optimizer.dispose();
      weight.dispose();
      return result;
    };
    const straight = await run(200);
    expect(Array.from(straight).map((value) => Math.round(value * 10) / 10)).toEqual([3, -1, 2]);
    expect(await run(200, 77)).toEqual(straight);
  });

  it('does not leak tensors', () => {
    const weight = tf.variable(tf.ones([4, 4]), true, 'leak');
    const optimizer = new AdamW(new Map([['x.weight', weight]]));
    const before = tf.memory().numTensors;
    for (let step = 0; step < 5; step++) {
      const gradient = tf.onesLike(weight);
      optimizer.step(new Map([['x.weight', gradient]]), 0.01);
      gradient.dispose();
    }
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('clipByGlobalNorm', () => {
  it('rescales to the max norm and reports the norm before clipping', () => {
    const { gradients, norm } = clipByGlobalNorm(new Map([['a', tf.tensor1d([3])], ['b', tf.tensor1d([4])]]), 1);
    expect(norm).toBeCloseTo(5, 6);
    expect(gradients.get('a')!.dataSync()[0]).toBeCloseTo(0.6, 5);
    expect(gradients.get('b')!.dataSync()[0]).toBeCloseTo(0.8, 5);
    const untouched = clipByGlobalNorm(new Map([['a', tf.tensor1d([0.1])]]), 1);
    expect(untouched.norm).toBeCloseTo(0.1, 6);
  });
});
