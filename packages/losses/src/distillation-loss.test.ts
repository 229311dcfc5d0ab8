import { InvalidArgumentError } from '@gliznet/common';
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { distillationLoss } from './distillation-loss.js';
import { useCpuBackend } from './testing/fixtures.js';

useCpuBackend();

function valueOf(loss: tf.Scalar): number {
  const value = loss.dataSync()[0] ?? Number.NaN;
  loss.dispose();
  return value;
}

// Worked out in float64: teacher [0.3, 0.1, -0.2] / 0.1 -> p = softmax([3, 1, -2]) = [0.875595, 0.118499, 0.005900];
// logits [1, 0, 0] -> q = [0.576117, 0.211942, 0.211942]; KL(p || q) = 0.2765008241.
// Only the first two slots: KL(softmax([3, 1]) || softmax([1, 0])) = 0.0671307545.
describe('distillationLoss', () => {
  it('is KL(softmax(teacher / temperature) || softmax(logits)), default temperature 0.1', () => {
    expect(valueOf(distillationLoss(tf.tensor2d([[0.3, 0.1, -0.2]]), tf.tensor2d([[1, 0, 0]])))).toBeCloseTo(0.2765008241, 5);
    expect(valueOf(distillationLoss(tf.tensor2d([[0.3, 0.1, -0.2]]), tf.tensor2d([[1, 0, 0]]), { temperature: 0.5 }))).toBeCloseTo(0.0367050166, 5);
  });

  it('is 0 when the model ranks exactly like the teacher, at any logit offset', () => {
    const teacher = tf.tensor2d([[0.3, 0.1, -0.2]]);
    expect(valueOf(distillationLoss(teacher, tf.tensor2d([[3 - 7, 1 - 7, -2 - 7]])))).toBeCloseTo(0, 6);
  });

  it('leaves padded slots out of both softmaxes, whatever they hold, and averages over rows with a real slot', () => {
    const teacher = tf.tensor2d([
      [0.3, 0.1, 99],
      [0.3, 0.1, -0.2],
      [5, 5, 5],
    ]);
    const logits = tf.tensor2d([
      [1, 0, Number.NaN],
      [1, 0, 0],
      [-10000, -10000, -10000],
    ]);
    const mask = tf.tensor2d([
      [1, 1, 0],
      [1, 1, 1],
      [0, 0, 0],
    ]);
    expect(valueOf(distillationLoss(teacher, logits, { mask }))).toBeCloseTo((0.0671307545 + 0.2765008241) / 2, 5);
    expect(valueOf(distillationLoss(tf.tensor2d([[1, 2]]), tf.tensor2d([[0, 0]]), { mask: tf.tensor2d([[0, 0]]) }))).toBe(0);
  });

  it('names a bad temperature and mismatched shapes', () => {
    const scores = tf.tensor2d([[0.1, 0.2]]);
    expect(() => distillationLoss(scores, scores, { temperature: 0 })).toThrow(InvalidArgumentError);
    expect(() => distillationLoss(scores, scores, { temperature: Number.NaN })).toThrow(/temperature must be a finite number > 0, got NaN/);
    expect(() => distillationLoss(scores, tf.tensor2d([[0.1, 0.2, 0.3]]))).toThrow(/distillationLoss: teacherScores must have the shape of logits, got teacherScores \[1, 2\], logits \[1, 3\]/);
  });
});
