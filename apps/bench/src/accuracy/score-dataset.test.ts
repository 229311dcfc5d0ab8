import { describe, expect, it } from 'vitest';
import { scoreDataset } from './score-dataset.js';

describe('scoreDataset (hand-computed values)', () => {
  it('single-label: argmax accuracy and macro-F1, a label with gold rows that is never predicted counts as F1 0', () => {
    // predicted: a, b, b, a
    const result = scoreDataset(
      [['a'], ['a'], ['b'], ['c']],
      [
        [0.8, 0.1, 0.1],
        [0.2, 0.7, 0.1],
        [0.1, 0.6, 0.3],
        [0.5, 0.2, 0.3],
      ],
      { labels: ['a', 'b', 'c'], multiLabel: false, threshold: 0.5 },
    );
    expect(result.type).toBe('single-label');
    if (result.type !== 'single-label') return;
    expect(result.accuracy).toBeCloseTo(0.5, 12);
    // a: P 1/2 R 1/2 F1 1/2; b: P 1/2 R 1 F1 2/3; c: never predicted, F1 0.
    expect(result.macroF1).toBeCloseTo((0.5 + 2 / 3 + 0) / 3, 12);
    expect(result.macroPrecision).toBeCloseTo((0.5 + 0.5 + 0) / 3, 12);
    expect(result.macroRecall).toBeCloseTo((0.5 + 1 + 0) / 3, 12);
  });

  it('multi-label: micro/macro-F1 at the threshold and the oracle threshold reported apart', () => {
    const gold = [['x'], ['x', 'y'], ['z']];
    const scores = [
      [0.9, 0.6, 0.1], // -> x, y
      [0.7, 0.2, 0.3], // -> x
      [0.4, 0.1, 0.45], // -> nothing at 0.5 (z is never predicted)
    ];
    const result = scoreDataset(gold, scores, { labels: ['x', 'y', 'z'], multiLabel: true, threshold: 0.5 });
    expect(result.type).toBe('multi-label');
    if (result.type !== 'multi-label') return;
    // TP 2, predicted 3, gold 4: P 2/3, R 1/2, F1 4/7. Per label F1: x 1, y 0, z 0.
    expect(result.microF1).toBeCloseTo(4 / 7, 12);
    expect(result.macroF1).toBeCloseTo(1 / 3, 12);
    expect(result.subsetAccuracy).toBe(0);
    expect(result.threshold).toBe(0.5);
    // At 0.45: predictions {x,y}, {x}, {z}: TP 3 of 4 predicted and 4 gold -> micro-F1 0.75, macro (1 + 0 + 1) / 3.
    expect(result.oracleThreshold).toBeCloseTo(0.45, 12);
    expect(result.oracleMicroF1).toBeCloseTo(0.75, 12);
    expect(result.oracleMacroF1).toBeCloseTo(2 / 3, 12);
  });

  it('rejects misaligned scores and multi-gold rows in a single-label set', () => {
    expect(() => scoreDataset([['a']], [[0.1]], { labels: ['a', 'b'], multiLabel: false, threshold: 0.5 })).toThrow(/1 values for 2 candidate labels/);
    expect(() => scoreDataset([['a', 'b']], [[0.1, 0.2]], { labels: ['a', 'b'], multiLabel: false, threshold: 0.5 })).toThrow(/multi_label/);
  });
});
