import { describe, expect, it } from 'vitest';
import { batchBenchMarkdown, progressRate, summarizeBatchBench, type BatchBenchRun } from './run-batch-bench.js';

const run = (system: 'classify' | 'batch', workers: number, repetition: number, classification: number, endToEnd: number): BatchBenchRun => ({
  system,
  workers,
  repetition,
  rows: 100,
  wallSeconds: 100 / endToEnd,
  endToEndRowsPerSecond: endToEnd,
  classificationRowsPerSecond: classification,
  identicalToClassify: true,
});

describe('pnpm bench batch figures', () => {
  it('reads the rate of the last classify progress line', () => {
    expect(progressRate('classify 50% 50/100 30.5 texts/s elapsed 1s\nclassify 100% 100/100 35.9 texts/s elapsed 3s ETA 0s done\n')).toBe(35.9);
    expect(() => progressRate('nothing')).toThrow('no rate');
  });

  it('reports medians and the time overhead against classify', () => {
    const summary = summarizeBatchBench([run('classify', 1, 1, 100, 90), run('batch', 1, 1, 80, 80), run('classify', 1, 2, 100, 90), run('batch', 1, 2, 120, 100), run('batch', 1, 3, 100, 60)]);
    expect(summary.map((row) => [row.name, row.classificationRowsPerSecond, row.endToEndRowsPerSecond])).toEqual([
      ['gliznet classify --input', 100, 90],
      ['gliznet batch, 1 worker', 100, 80],
    ]);
    expect(summary[1]?.endToEndOverhead).toBeCloseTo(0.125);
    expect(batchBenchMarkdown(summary)).toContain('| gliznet batch, 1 worker | 100.0 | +0.0% | 80.0 | +12.5% | yes |');
  });
});
