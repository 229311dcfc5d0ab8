import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { describe, expect, it } from 'vitest';
import { bceLoss } from './bce-loss.js';
import { contrastiveHingeLoss } from './contrastive-hinge-loss.js';
import { distillationLoss } from './distillation-loss.js';
import { hybridLoss } from './hybrid-loss.js';

// Gradients with respect to the logits, checked against central finite differences
// (f(x + eps) - f(x - eps)) / (2 eps) computed in float32. eps = 1e-2 keeps the rounding error of a
// float32 loss near 1 around 1e-5, and the inputs stay at least ~0.05 (in loss units) away from every
// kink: each active hinge is > 0.05, each inactive one < -0.2, and the hardest positive / negative of
// each row beats the runner-up by > 0.1.
const epsilon = 1e-2;
const tolerance = 1e-4;

// Row 0: all real. probabilities: minPos σ(0.8) = 0.690, maxNeg σ(0.6) = 0.646 -> hinge 0.056 (active).
// Row 1: last slot padded (the hardest negative, σ(3) = 0.953, if it were real). minPos σ(0.4) = 0.599, maxNeg σ(0.2) = 0.550
//        -> hinge 0.051 (active).
// Row 2: last slot padded (the lowest positive if it were real). minPos σ(2.5) = 0.924,
//        maxNeg σ(0.1) = 0.525 -> inactive.
// On logits with margin 0.5: row 0 0.3, row 1 0.3 (active), row 2 -1.9 (inactive).
const logitsValues = [
  [0.8, -0.3, 0.6, 1.5],
  [0.2, 0.4, -1.2, 3],
  [-2, 0.1, 2.5, -10000],
];
const targetsValues = [
  [1, 0, 0, 1],
  [0, 1, 0, 0],
  [0, 0, 1, 1],
];
const maskValues = [
  [1, 1, 1, 1],
  [1, 1, 1, 0],
  [1, 1, 1, 0],
];

type LossOfLogits = (logits: tf.Tensor) => tf.Scalar;

const losses: Record<string, (targets: tf.Tensor, mask: tf.Tensor) => LossOfLogits> = {
  'bceLoss (scale 10)': (targets, mask) => (logits) => bceLoss(targets, logits, { mask, scale: 10 }),
  'contrastiveHingeLoss on probabilities': (targets, mask) => (logits) => contrastiveHingeLoss(targets, logits, { mask }),
  'contrastiveHingeLoss on logits, margin 0.5': (targets, mask) => (logits) =>
    contrastiveHingeLoss(targets, logits, { mask, on: 'logits', margin: 0.5 }),
  'hybridLoss (defaults)': (targets, mask) => (logits) => hybridLoss(targets, logits, { mask }).total,
  // Teacher scores stand in for the targets; temperature 0.5 keeps both distributions away from one-hot.
  'distillationLoss (temperature 0.5)': (_targets, mask) => (logits) =>
    distillationLoss(tf.tensor2d([[0.4, -0.1, 0.2, 0.3], [0.1, 0.5, -0.3, 9], [-0.2, 0.0, 0.6, 9]]), logits, { mask, temperature: 0.5 }),
};

function lossAt(loss: LossOfLogits, values: number[][]): number {
  return tf.tidy(() => loss(tf.tensor2d(values)).dataSync()[0] ?? Number.NaN);
}

function finiteDifferenceGradient(loss: LossOfLogits, values: number[][]): number[][] {
  return values.map((row, rowIndex) =>
    row.map((_, columnIndex) => {
      const shifted = (delta: number): number[][] =>
        values.map((r, i) => r.map((v, j) => (i === rowIndex && j === columnIndex ? v + delta : v)));
      return (lossAt(loss, shifted(epsilon)) - lossAt(loss, shifted(-epsilon))) / (2 * epsilon);
    }),
  );
}

function analyticGradient(loss: LossOfLogits, values: number[][]): number[][] {
  return tf.tidy(() => tf.grad(loss)(tf.tensor2d(values)).arraySync() as number[][]);
}

for (const backend of ['cpu', 'wasm'] as const) {
  describe(`gradients on the ${backend} backend`, () => {
    for (const [name, makeLoss] of Object.entries(losses)) {
      it(`${name} matches central finite differences, and padded slots get 0`, async () => {
        expect(await tf.setBackend(backend)).toBe(true);
        const targets = tf.tensor2d(targetsValues);
        const mask = tf.tensor2d(maskValues);
        const loss = makeLoss(targets, mask);
        const before = tf.memory().numTensors;
        const analytic = analyticGradient(loss, logitsValues);
        const numeric = finiteDifferenceGradient(loss, logitsValues);
        expect(tf.memory().numTensors).toBe(before);
        let largest = 0;
        analytic.forEach((row, i) =>
          row.forEach((gradient, j) => {
            expect(Math.abs(gradient - (numeric[i]?.[j] ?? Number.NaN))).toBeLessThan(tolerance);
            if (maskValues[i]?.[j] === 0) expect(gradient).toBe(0);
            largest = Math.max(largest, Math.abs(gradient));
          }),
        );
        // A loss whose gradient vanished would pass the comparison trivially.
        expect(largest).toBeGreaterThan(0.01);
        tf.dispose([targets, mask]);
      });
    }

    it('gives real slots the same gradient with or without appended padded slots', async () => {
      expect(await tf.setBackend(backend)).toBe(true);
      // Rows 1 and 2 of the fixture without their padded slot, against the padded version.
      const real = tf.tensor2d([
        [0.2, 0.4, -1.2],
        [-2, 0.1, 2.5],
      ]);
      const realTargets = tf.tensor2d([
        [0, 1, 0],
        [0, 0, 1],
      ]);
      const padded = tf.tensor2d([
        [0.2, 0.4, -1.2, 9999, -3],
        [-2, 0.1, 2.5, -10000, 7],
      ]);
      const paddedTargets = tf.tensor2d([
        [0, 1, 0, 0, 1],
        [0, 0, 1, 1, 0],
      ]);
      const paddedMask = tf.tensor2d([
        [1, 1, 1, 0, 0],
        [1, 1, 1, 0, 0],
      ]);
      const plainGradient = tf.grad((logits: tf.Tensor) => hybridLoss(realTargets, logits).total)(real);
      const paddedGradient = tf.grad((logits: tf.Tensor) => hybridLoss(paddedTargets, logits, { mask: paddedMask }).total)(padded);
      const plainRows = plainGradient.arraySync() as number[][];
      const paddedRows = paddedGradient.arraySync() as number[][];
      plainRows.forEach((row, i) => {
        row.forEach((gradient, j) => expect(paddedRows[i]?.[j]).toBeCloseTo(gradient, 7));
        expect(paddedRows[i]?.slice(3)).toEqual([0, 0]);
      });
      tf.dispose([real, realTargets, padded, paddedTargets, paddedMask, plainGradient, paddedGradient]);
    });
  });
}
