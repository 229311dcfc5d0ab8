import { InvalidArgumentError } from '@gliznet/common';
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { contrastiveHingeLoss } from './contrastive-hinge-loss.js';
import { logits2x3, targets2x3, useCpuBackend, value } from './testing/fixtures.js';

useCpuBackend();

// The 2x3 example, by hand (σ = sigmoid; σ(0.5) = 0.6224593312, σ(1) = 0.7310585786, σ(-0.5) = 0.3775406688):
//   row 0: x = [0.5, -1, 1], y = [1, 0, 0]: minPos = σ(0.5), maxNeg = σ(1)
//          probabilities: 0.1 + 0.7310585786 - 0.6224593312 = 0.2085992474; logits: 0.1 + 1 - 0.5 = 0.6
//   row 1: x = [-0.5, 1, 3], y = [0, 1, 1]: minPos = σ(1), maxNeg = σ(-0.5)
//          probabilities: 0.1 + 0.3775406688 - 0.7310585786 < 0 -> 0; logits: 0.1 - 0.5 - 1 < 0 -> 0
//   mean over the 2 examples: probabilities 0.1042996237, logits 0.3.

describe('contrastiveHingeLoss', () => {
  it('matches the hand-computed 2x3 example on probabilities (the default) and on logits', () => {
    expect(value(contrastiveHingeLoss(tf.tensor2d(targets2x3), tf.tensor2d(logits2x3)))).toBeCloseTo(0.1042996237, 6);
    expect(value(contrastiveHingeLoss(tf.tensor2d(targets2x3), tf.tensor2d(logits2x3), { on: 'logits' }))).toBeCloseTo(0.3, 6);
  });

  it('uses the margin and the sum reduction', () => {
    // margin 0.5: row 0 0.6085992474, row 1 0.5 + 0.3775406688 - 0.7310585786 = 0.1464820902; sum 0.7550813376
    const options = { margin: 0.5, reduction: 'sum' } as const;
    expect(value(contrastiveHingeLoss(tf.tensor2d(targets2x3), tf.tensor2d(logits2x3), options))).toBeCloseTo(0.7550813376, 6);
  });

  it('gives 0 to all-positive and all-negative rows and leaves them out of the mean', () => {
    const logits = tf.tensor2d([...logits2x3, [-3, 3, 0], [5, -5, 0]]);
    const targets = tf.tensor2d([...targets2x3, [1, 1, 1], [0, 0, 0]]);
    // Only rows 0 and 1 have both a positive and a negative: still 0.2085992474 / 2.
    expect(value(contrastiveHingeLoss(targets, logits))).toBeCloseTo(0.1042996237, 6);
    expect(value(contrastiveHingeLoss(targets, logits, { on: 'logits', reduction: 'sum' }))).toBeCloseTo(0.6, 6);
    const onlyDegenerate = value(contrastiveHingeLoss(tf.tensor2d([[1, 1], [0, 0]]), tf.tensor2d([[-9, 9], [9, -9]])));
    expect(onlyDegenerate).toBe(0);
    tf.dispose([logits, targets]);
  });

  it('is 0 on [batch, 1] cross-encoder logits (no row has both a positive and a negative)', () => {
    expect(value(contrastiveHingeLoss(tf.tensor2d([[1], [0]]), tf.tensor2d([[-2], [2]])))).toBe(0);
  });

  it('never picks a padded slot as hardest positive or negative, whatever it holds', () => {
    // Unmasked, the padded slots would dominate: a "negative" at +10000 and a "positive" at -10000.
    const logits = tf.tensor2d([
      [0.5, -1, 1, 10000, -10000, Number.NaN],
      [-0.5, 1, 3, 10000, -10000, Number.POSITIVE_INFINITY],
    ]);
    const targets = tf.tensor2d([
      [1, 0, 0, 0, 1, 1],
      [0, 1, 1, 0, 1, 0],
    ]);
    const mask = tf.tensor2d([
      [1, 1, 1, 0, 0, 0],
      [1, 1, 1, 0, 0, 0],
    ]);
    expect(value(contrastiveHingeLoss(targets, logits, { mask }))).toBeCloseTo(0.1042996237, 6);
    expect(value(contrastiveHingeLoss(targets, logits, { mask, on: 'logits' }))).toBeCloseTo(0.3, 6);
    tf.dispose([logits, targets, mask]);
  });

  it('treats a row whose only positive is padded as having no positive', () => {
    const logits = tf.tensor2d([[0.5, -1, 1]]);
    const targets = tf.tensor2d([[1, 0, 0]]);
    const mask = tf.tensor2d([[0, 1, 1]]);
    expect(value(contrastiveHingeLoss(targets, logits, { mask }))).toBe(0);
    tf.dispose([logits, targets, mask]);
  });

  it('thresholds soft targets at 0.5', () => {
    // y = [0.9, 0.1, 0.2] reads as [1, 0, 0]: same as row 0 of the example, 0.2085992474.
    expect(value(contrastiveHingeLoss(tf.tensor2d([[0.9, 0.1, 0.2]]), tf.tensor2d([[0.5, -1, 1]])))).toBeCloseTo(
      0.2085992474,
      6,
    );
  });

  it('leaves no tensor behind but its result', () => {
    const targets = tf.tensor2d(targets2x3);
    const logits = tf.tensor2d(logits2x3);
    const mask = tf.ones([2, 3]);
    const before = tf.memory().numTensors;
    const loss = contrastiveHingeLoss(targets, logits, { mask });
    expect(tf.memory().numTensors).toBe(before + 1);
    expect(loss.shape).toEqual([]);
    loss.dispose();
    contrastiveHingeLoss(targets, logits, { on: 'logits', reduction: 'sum' }).dispose();
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([targets, logits, mask]);
  });

  it('rejects bad shapes, margins, score kinds and reductions with messages naming the function', () => {
    const targets = tf.zeros([2, 3]);
    const logits = tf.zeros([2, 3]);
    expect(() => contrastiveHingeLoss(targets, tf.zeros([3, 3]))).toThrowError(
      /contrastiveHingeLoss: targets .*\[2, 3\], logits \[3, 3\]/,
    );
    expect(() => contrastiveHingeLoss(targets, logits, { margin: -0.1 })).toThrowError(
      /contrastiveHingeLoss: margin must be a finite number >= 0, got -0.1/,
    );
    expect(() => contrastiveHingeLoss(targets, logits, { margin: Number.POSITIVE_INFINITY })).toThrowError(InvalidArgumentError);
    // @ts-expect-error: checking what a JavaScript caller gets
    expect(() => contrastiveHingeLoss(targets, logits, { on: 'probs' })).toThrowError(/on must be 'probabilities' or 'logits'/);
    // @ts-expect-error: checking what a JavaScript caller gets
    expect(() => contrastiveHingeLoss(targets, logits, { reduction: 'max' })).toThrowError(InvalidArgumentError);
    tf.dispose([targets, logits]);
  });
});
