import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as tf from './tf.js';
import { selectBackend } from './backend.js';
import { GliznetModel } from './gliznet-model.js';
import { createTinyModelConfig } from '@gliznet/common/testing';
import { TINY_ROWS, tinyBatch } from './testing/tiny-batch.js';

describe('no tensor leaks', () => {
  let model: GliznetModel;
  beforeAll(async () => {
    await selectBackend({ backend: 'wasm' });
    model = GliznetModel.random(createTinyModelConfig({ encoder: 'use-lite', similarity: 'dot_learning', projectionDim: 8 }), { seed: 1 });
  });
  afterAll(() => model.dispose());

  it('tf.memory().numTensors is stable over 50 forward/backward steps', () => {
    const batch = tinyBatch(TINY_ROWS);
    const targets = tf.tensor2d([
      [1, 0, 0],
      [0, 0, 0],
    ]);
    const optimizer = tf.train.adam(1e-3);
    const step = (): number => {
      const loss = optimizer.minimize(
        () => {
          const { logits, labelMask } = model.forward(batch, { training: true });
          const perLabel = tf.mul(tf.sub(tf.softplus(logits), tf.mul(targets, logits)), labelMask); // BCE with logits
          return tf.div(tf.sum(perLabel), tf.sum(labelMask)) as tf.Scalar;
        },
        true,
        model.trainableVariables(),
      )!;
      const value = loss.dataSync()[0]!;
      loss.dispose();
      return value;
    };
    const firstLoss = step(); // creates the optimizer's slot variables
    const baseline = tf.memory().numTensors;
    let lastLoss = firstLoss;
    for (let i = 1; i < 50; i++) {
      lastLoss = step();
      expect(tf.memory().numTensors).toBe(baseline);
    }
    expect(lastLoss).toBeLessThan(firstLoss); // it trains
    optimizer.dispose();
    targets.dispose();
  });

  it('forward with inference inputs leaves only its outputs', () => {
    const before = tf.memory().numTensors;
    const { logits, labelMask } = model.forward(tinyBatch(TINY_ROWS));
    expect(tf.memory().numTensors).toBe(before + 2);
    tf.dispose([logits, labelMask]);
    expect(tf.memory().numTensors).toBe(before);
  });
});
