import { InvalidArgumentError } from '@gliznet/common';
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { LOSS_DEFAULTS } from './defaults.js';
import { hybridLoss } from './hybrid-loss.js';
import { logits2x3, targets2x3, useCpuBackend } from './testing/fixtures.js';

useCpuBackend();

function values(result: { total: tf.Scalar; bce: tf.Scalar; contrastive: tf.Scalar }): number[] {
  const numbers = [result.total, result.bce, result.contrastive].map((tensor) => tensor.dataSync()[0] ?? Number.NaN);
  tf.dispose([result.total, result.bce, result.contrastive]);
  return numbers;
}

// Same 2x3 example as bce-loss.test.ts / contrastive-hinge-loss.test.ts, where the parts are worked out:
// bce = 0.4894210637, contrastive (probabilities, margin 0.1) = 0.1042996237.

describe('hybridLoss', () => {
  it('documents its defaults', () => {
    expect(LOSS_DEFAULTS).toEqual({
      bceScale: 1,
      margin: 0.1,
      contrastiveOn: 'probabilities',
      alpha: 0.7,
      beta: 0.3,
      reduction: 'mean',
      distillationTemperature: 0.1,
    });
  });

  it('is 0.7 * bce + 0.3 * contrastive by default: 0.7 * 0.4894210637 + 0.3 * 0.1042996237 = 0.3738846317', () => {
    const [total, bce, contrastive] = values(hybridLoss(tf.tensor2d(targets2x3), tf.tensor2d(logits2x3)));
    expect(bce).toBeCloseTo(0.4894210637, 6);
    expect(contrastive).toBeCloseTo(0.1042996237, 6);
    expect(total).toBeCloseTo(0.3738846317, 6);
  });

  it('passes alpha, beta, bceScale, margin and contrastiveOn through', () => {
    // bce x 10 = 4.894210637; hinge on logits, margin 0.1 = 0.3; total = 1 * 4.894210637 + 2 * 0.3
    const result = hybridLoss(tf.tensor2d(targets2x3), tf.tensor2d(logits2x3), {
      alpha: 1,
      beta: 2,
      bceScale: 10,
      margin: 0.1,
      contrastiveOn: 'logits',
    });
    const [total, bce, contrastive] = values(result);
    expect(bce).toBeCloseTo(4.894210637, 5);
    expect(contrastive).toBeCloseTo(0.3, 6);
    expect(total).toBeCloseTo(5.494210637, 5);
  });

  it('does not change when padded slots are appended', () => {
    const logits = tf.tensor2d([
      [0.5, -1, 1, 10000],
      [-0.5, 1, 3, -10000],
    ]);
    const targets = tf.tensor2d([
      [1, 0, 0, 0],
      [0, 1, 1, 1],
    ]);
    const mask = tf.tensor2d([
      [1, 1, 1, 0],
      [1, 1, 1, 0],
    ]);
    const [total, bce, contrastive] = values(hybridLoss(targets, logits, { mask }));
    expect(bce).toBeCloseTo(0.4894210637, 6);
    expect(contrastive).toBeCloseTo(0.1042996237, 6);
    expect(total).toBeCloseTo(0.3738846317, 6);
    tf.dispose([logits, targets, mask]);
  });

  it('leaves exactly its three result tensors behind', () => {
    const targets = tf.tensor2d(targets2x3);
    const logits = tf.tensor2d(logits2x3);
    const before = tf.memory().numTensors;
    const result = hybridLoss(targets, logits, { mask: undefined });
    expect(tf.memory().numTensors).toBe(before + 3);
    tf.dispose([result.total, result.bce, result.contrastive]);
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([targets, logits]);
  });

  it('rejects bad weights, options and shapes with messages naming hybridLoss', () => {
    const targets = tf.zeros([2, 3]);
    const logits = tf.zeros([2, 3]);
    expect(() => hybridLoss(targets, logits, { alpha: -1 })).toThrowError(/hybridLoss: alpha must be a finite number >= 0, got -1/);
    expect(() => hybridLoss(targets, logits, { beta: Number.NaN })).toThrowError(/hybridLoss: beta must be/);
    expect(() => hybridLoss(targets, logits, { alpha: 0, beta: 0 })).toThrowError(/hybridLoss: alpha and beta are both 0/);
    expect(() => hybridLoss(targets, logits, { margin: -1 })).toThrowError(/hybridLoss: margin must be/);
    expect(() => hybridLoss(targets, logits, { bceScale: 0 })).toThrowError(/hybridLoss: bceScale must be a finite number > 0/);
    // @ts-expect-error: checking what a JavaScript caller gets
    expect(() => hybridLoss(targets, logits, { contrastiveOn: 'scores' })).toThrowError(InvalidArgumentError);
    expect(() => hybridLoss(targets, tf.zeros([2]))).toThrowError(/hybridLoss: logits must be \[batch, numLabels\]/);
    tf.dispose([targets, logits]);
  });

  it('works inside tf.variableGrads with the parts kept for logging (the README pattern), without leaks', () => {
    const logits = tf.variable(tf.tensor2d(logits2x3));
    const targets = tf.tensor2d(targets2x3);
    const optimizer = tf.train.sgd(0.5);
    const before = tf.memory().numTensors;
    const totals: number[] = [];
    for (let step = 0; step < 3; step += 1) {
      let parts: { bce: tf.Scalar; contrastive: tf.Scalar } | undefined;
      const { value, grads } = tf.variableGrads(() => {
        const { total, bce, contrastive } = hybridLoss(targets, logits);
        parts = { bce: tf.keep(bce), contrastive: tf.keep(contrastive) };
        return total;
      });
      optimizer.applyGradients(grads);
      const [bce, contrastive] = [parts?.bce.dataSync()[0] ?? Number.NaN, parts?.contrastive.dataSync()[0] ?? Number.NaN];
      const total = value.dataSync()[0] ?? Number.NaN;
      expect(total).toBeCloseTo(0.7 * bce + 0.3 * contrastive, 6);
      totals.push(total);
      tf.dispose([value, parts?.bce, parts?.contrastive, ...Object.values(grads)]);
    }
    expect(totals[0]).toBeCloseTo(0.3738846317, 6);
    expect(totals[2]).toBeLessThan(totals[1] ?? 0);
    expect(totals[1]).toBeLessThan(totals[0] ?? 0);
    expect(tf.memory().numTensors).toBe(before);
    optimizer.dispose();
    tf.dispose([logits, targets]);
  });

  it('allows one of the weights to be 0', () => {
    const [total, , contrastive] = values(hybridLoss(tf.tensor2d(targets2x3), tf.tensor2d(logits2x3), { alpha: 0, beta: 1 }));
    expect(total).toBeCloseTo(contrastive ?? Number.NaN, 7);
  });
});
