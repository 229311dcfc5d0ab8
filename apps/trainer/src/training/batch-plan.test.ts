import { describe, expect, it } from 'vitest';
import { planEpochBatches } from './batch-plan.js';
import { learningRateAt } from './learning-rate-schedule.js';

describe('planEpochBatches', () => {
  const lengths = Array.from({ length: 1000 }, (_, index) => 10 + ((index * 7919) % 90));

  it('visits every example exactly once per epoch, reproducibly', () => {
    const plan = planEpochBatches(lengths, { batchSize: 16, seed: 5, epoch: 0 });
    expect(plan.flat().sort((a, b) => a - b)).toEqual(lengths.map((_, index) => index));
    expect(planEpochBatches(lengths, { batchSize: 16, seed: 5, epoch: 0 })).toEqual(plan);
    expect(planEpochBatches(lengths, { batchSize: 16, seed: 5, epoch: 1 })).not.toEqual(plan);
  });

  it('cuts padding: bucketed batches span far smaller length ranges than random ones', () => {
    const spread = (plan: number[][]): number => plan.reduce((sum, batch) => sum + Math.max(...batch.map((i) => lengths[i]!)) - Math.min(...batch.map((i) => lengths[i]!)), 0) / plan.length;
    const bucketed = spread(planEpochBatches(lengths, { batchSize: 16, seed: 1, epoch: 0 }));
    const random = spread(planEpochBatches(lengths, { batchSize: 16, seed: 1, epoch: 0, bucketWindow: 1 }));
    expect(bucketed).toBeLessThan(random / 4);
  });
});

describe('learningRateAt', () => {
  it('warms up linearly then decays to the floor', () => {
    const options = { peak: 1e-3, warmupSteps: 10, totalSteps: 110 };
    expect(learningRateAt(0, options)).toBeCloseTo(1e-4, 12);
    expect(learningRateAt(9, options)).toBeCloseTo(1e-3, 12);
    expect(learningRateAt(60, options)).toBeCloseTo(5e-4, 12); // cosine midpoint
    expect(learningRateAt(110, options)).toBeCloseTo(0, 12);
    expect(learningRateAt(60, { ...options, schedule: 'linear' })).toBeCloseTo(5e-4, 12);
    expect(learningRateAt(110, { ...options, minRatio: 0.1 })).toBeCloseTo(1e-4, 12);
    expect(learningRateAt(100, { ...options, schedule: 'constant' })).toBe(1e-3);
  });
});
