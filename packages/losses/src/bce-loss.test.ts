import { InvalidArgumentError } from '@gliznet/common';
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { bceLoss } from './bce-loss.js';
import { logits2x3, targets2x3, useCpuBackend, value } from './testing/fixtures.js';

useCpuBackend();

// The 2x3 example, by hand. BCE with logits of (x, y) is softplus(-x) when y = 1, softplus(x) when y = 0,
// with softplus(z) = log(1 + e^z):
//   row 0: x = [0.5, -1, 1], y = [1, 0, 0] -> log(1+e^-0.5) = 0.4740769842, log(1+e^-1) = 0.3132616875,
//          log(1+e^1) = 1.3132616875
//   row 1: x = [-0.5, 1, 3], y = [0, 1, 1] -> log(1+e^-0.5) = 0.4740769842, log(1+e^-1) = 0.3132616875,
//          log(1+e^-3) = 0.0485873516
//   sum = 2.9365263825, mean over 6 real slots = 0.4894210637.
const bce2x3 = 0.4894210637;

describe('bceLoss', () => {
  it('matches the hand-computed 2x3 example (mean over all real slots)', () => {
    const loss = value(bceLoss(tf.tensor2d(targets2x3), tf.tensor2d(logits2x3)));
    expect(loss).toBeCloseTo(bce2x3, 6);
  });

  it('applies scale after the mean and supports the sum reduction', () => {
    expect(value(bceLoss(tf.tensor2d(targets2x3), tf.tensor2d(logits2x3), { scale: 10 }))).toBeCloseTo(4.894210637, 5);
    expect(value(bceLoss(tf.tensor2d(targets2x3), tf.tensor2d(logits2x3), { reduction: 'sum' }))).toBeCloseTo(2.9365263825, 5);
  });

  it('accepts soft targets: x = 0.2, y = 0.3 gives 0.2 - 0.06 + log(1 + e^-0.2) = 0.7381388694', () => {
    expect(value(bceLoss(tf.tensor2d([[0.3]]), tf.tensor2d([[0.2]])))).toBeCloseTo(0.7381388694, 6);
  });

  it('stays finite for large logits (the naive log(sigmoid) form would give Infinity)', () => {
    // x = 100, y = 0 and x = -100, y = 1 both cost 100 (+ log1p(e^-100) ~ 0); x = 100, y = 1 costs ~0.
    const loss = value(bceLoss(tf.tensor2d([[0, 1, 1]]), tf.tensor2d([[100, -100, 100]]), { reduction: 'sum' }));
    expect(loss).toBeCloseTo(200, 3);
  });

  it('works on [batch, 1] cross-encoder logits without a mask', () => {
    // softplus(-2) + softplus(-1) = 0.1269280110 + 0.3132616875 = 0.4401896985 -> mean 0.2200948493
    const loss = value(bceLoss(tf.tensor2d([[1], [0]]), tf.tensor2d([[2], [-1]])));
    expect(loss).toBeCloseTo(0.2200948493, 6);
  });

  it('averages over the real slots of the whole batch when examples have different label counts', () => {
    // row 0 keeps its 3 slots, row 1 only its first; the real slots: 0.4740769842 + 0.3132616875 + 1.3132616875 + 0.4740769842 = 2.5746773434, / 4 = 0.6436693359
    const mask = tf.tensor2d([
      [1, 1, 1],
      [1, 0, 0],
    ]);
    const loss = value(bceLoss(tf.tensor2d(targets2x3), tf.tensor2d(logits2x3), { mask }));
    expect(loss).toBeCloseTo(0.6436693359, 6);
    mask.dispose();
  });

  it('ignores padded slots whatever their logits and targets hold (even -10000, NaN, Infinity)', () => {
    const padded = [
      [0.5, -1, 1, -10000, Number.NaN],
      [-0.5, 1, 3, Number.POSITIVE_INFINITY, 42],
    ];
    const paddedTargets = [
      [1, 0, 0, 1, 0.5],
      [0, 1, 1, 0, Number.NaN],
    ];
    const mask = tf.tensor2d([
      [1, 1, 1, 0, 0],
      [1, 1, 1, 0, 0],
    ]);
    expect(value(bceLoss(tf.tensor2d(paddedTargets), tf.tensor2d(padded), { mask }))).toBeCloseTo(bce2x3, 6);
    expect(value(bceLoss(tf.tensor2d(paddedTargets), tf.tensor2d(padded), { mask, reduction: 'sum' }))).toBeCloseTo(
      2.9365263825,
      5,
    );
    mask.dispose();
  });

  it('returns 0 rather than NaN when no slot is real', () => {
    const mask = tf.zeros([2, 3]);
    expect(value(bceLoss(tf.tensor2d(targets2x3), tf.tensor2d(logits2x3), { mask }))).toBe(0);
    mask.dispose();
  });

  it('leaves no tensor behind but its result', () => {
    const targets = tf.tensor2d(targets2x3);
    const logits = tf.tensor2d(logits2x3);
    const mask = tf.ones([2, 3]);
    const before = tf.memory().numTensors;
    const loss = bceLoss(targets, logits, { mask, scale: 10 });
    expect(tf.memory().numTensors).toBe(before + 1);
    expect(loss.shape).toEqual([]);
    loss.dispose();
    bceLoss(targets, logits).dispose();
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([targets, logits, mask]);
  });

  it('rejects mismatched shapes with a message naming the function and the shapes', () => {
    const targets = tf.zeros([2, 3]);
    const logits = tf.zeros([2, 4]);
    expect(() => bceLoss(targets, logits)).toThrowError(/bceLoss: targets .*\[2, 3\], logits \[2, 4\]/);
    try {
      bceLoss(targets, logits);
    } catch (error) {
      expect(InvalidArgumentError.isInstance(error)).toBe(true);
      expect((error as InvalidArgumentError).argument).toBe('targets');
    }
    expect(() => bceLoss(tf.zeros([2, 4]), logits, { mask: tf.zeros([2, 3]) })).toThrowError(/mask \[2, 3\]/);
    expect(() => bceLoss(tf.zeros([6]), tf.zeros([6]))).toThrowError(/bceLoss: logits must be \[batch, numLabels\] \(rank 2\)/);
    tf.dispose([targets, logits]);
  });

  it('rejects a non-positive or non-finite scale and an unknown reduction', () => {
    const targets = tf.zeros([1, 2]);
    const logits = tf.zeros([1, 2]);
    expect(() => bceLoss(targets, logits, { scale: 0 })).toThrowError(/bceLoss: scale must be a finite number > 0, got 0/);
    expect(() => bceLoss(targets, logits, { scale: Number.NaN })).toThrowError(InvalidArgumentError);
    // @ts-expect-error: checking what a JavaScript caller gets
    expect(() => bceLoss(targets, logits, { reduction: 'none' })).toThrowError(/reduction must be 'mean' or 'sum'/);
    tf.dispose([targets, logits]);
  });
});
