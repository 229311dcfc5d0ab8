import { describe, expect, it } from 'vitest';
import { parseTrainStepOutput } from './train-speed-command.js';

const SAMPLE = `backend: wasm, 2 thread(s) (wasm requested explicitly)
plain matmul [1536x512]@[512x1536]: 120.5 ms = 20.05 GFLOP/s (gliznet matMul op: 121.0 ms)
model: use-lite GliZNet, 6,975,872 weights, batch 16 x 96 tokens, 5 labels
forward:                 812 ms, 14.71 GFLOP -> 18.12 GFLOP/s
forward + backward:      2650 ms, 44.13 GFLOP -> 16.65 GFLOP/s
training step (+ Adam):  2800 ms -> 15.76 GFLOP/s = 79% of plain matmul
tensors leaked over 5 steps: 0
`;

const SAMPLE_WALL_AND_CPU = `plain matmul [64x512]@[512x1536]: wall 46 ms = 2.18 GFLOP/s | CPU 7 ms = 13.86 GFLOP/CPU-s
forward                  wall    658 ms  0.92 GFLOP/s (42% of matmul) | CPU    138 ms  4.36 GFLOP/CPU-s (31%)
forward + backward       wall   2046 ms  0.88 GFLOP/s (40% of matmul) | CPU    302 ms  5.99 GFLOP/CPU-s (43%)
training step (+ Adam)   wall   2789 ms  0.65 GFLOP/s (30% of matmul) | CPU    393 ms  4.60 GFLOP/CPU-s (33%)
`;

describe('train-speed output parsing', () => {
  it('reads the wall-clock figures of the wall + CPU report format', () => {
    expect(parseTrainStepOutput(SAMPLE_WALL_AND_CPU, { batch: 2 })).toEqual({
      forwardMs: 658,
      forwardGflopsPerSecond: 0.92,
      forwardBackwardMs: 2046,
      forwardBackwardGflopsPerSecond: 0.88,
      trainStepMs: 2789,
      trainStepGflopsPerSecond: 0.65,
      plainMatmulGflopsPerSecond: 2.18,
      rowsPerSecond: 2 / 2.789,
    });
  });

  it('reads every figure of the core benchmark report', () => {
    expect(parseTrainStepOutput(SAMPLE, { batch: 16 })).toEqual({
      forwardMs: 812,
      forwardGflopsPerSecond: 18.12,
      forwardBackwardMs: 2650,
      forwardBackwardGflopsPerSecond: 16.65,
      trainStepMs: 2800,
      trainStepGflopsPerSecond: 15.76,
      plainMatmulGflopsPerSecond: 20.05,
      rowsPerSecond: 16 / 2.8,
    });
  });

  it('gives null for figures the output lacks instead of guessing', () => {
    const figures = parseTrainStepOutput('forward:                 812 ms, 14.71 GFLOP -> 18.12 GFLOP/s\n', { batch: 16 });
    expect(figures.forwardMs).toBe(812);
    expect(figures.trainStepMs).toBeNull();
    expect(figures.rowsPerSecond).toBeNull();
  });
});
