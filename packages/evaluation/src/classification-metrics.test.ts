import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '@gliznet/common';
import { argmax, labelsAtThreshold, multiLabelMetrics, singleLabelMetrics, sweepThresholds } from './classification-metrics.js';

describe('singleLabelMetrics', () => {
  it('matches hand-computed values, including a label never predicted and one never seen', () => {
    // a: TP 1, support 2, predicted 1 -> P 1, R 1/2, F1 2/3
    // b: TP 1, support 1, predicted 3 -> P 1/3, R 1, F1 1/2
    // c: TP 0, support 1, predicted 0 -> F1 0 (counts in the macro average)
    // d: neither gold nor predicted -> left out of the macro average (scikit-learn default)
    const metrics = singleLabelMetrics(['a', 'a', 'b', 'c'], ['a', 'b', 'b', 'b'], { labels: ['a', 'b', 'c', 'd'] });
    expect(metrics.accuracy).toBe(0.5);
    expect(metrics.perLabel.map((score) => score.label)).toEqual(['a', 'b', 'c']);
    expect(metrics.perLabel[0]!.f1).toBeCloseTo(2 / 3, 12);
    expect(metrics.perLabel[1]!.precision).toBeCloseTo(1 / 3, 12);
    expect(metrics.perLabel[2]!.f1).toBe(0);
    expect(metrics.macroF1).toBeCloseTo((2 / 3 + 1 / 2 + 0) / 3, 12);
    expect(metrics.macroPrecision).toBeCloseTo((1 + 1 / 3 + 0) / 3, 12);
    expect(metrics.macroRecall).toBeCloseTo((1 / 2 + 1 + 0) / 3, 12);
  });

  it('rejects mismatched lengths and unknown labels', () => {
    expect(() => singleLabelMetrics(['a'], [], { labels: ['a'] })).toThrow(/1 gold labels but 0 predictions/);
    expect(() => singleLabelMetrics(['a'], ['z'], { labels: ['a'] })).toThrow(InvalidArgumentError);
  });
});

describe('multiLabelMetrics', () => {
  it('matches hand-computed micro and macro scores', () => {
    // x: TP 1 / support 1 / predicted 1 -> F1 1; y: 0 / 1 / 1 -> 0; z: 1 / 1 / 1 -> 1
    // micro: TP 2, predicted 3, support 3 -> P = R = F1 = 2/3; subset accuracy: only the empty row.
    const metrics = multiLabelMetrics([['x', 'y'], ['z'], []], [['x'], ['y', 'z'], []], { labels: ['x', 'y', 'z'] });
    expect(metrics.microPrecision).toBeCloseTo(2 / 3, 12);
    expect(metrics.microRecall).toBeCloseTo(2 / 3, 12);
    expect(metrics.microF1).toBeCloseTo(2 / 3, 12);
    expect(metrics.macroF1).toBeCloseTo(2 / 3, 12);
    expect(metrics.subsetAccuracy).toBeCloseTo(1 / 3, 12);
  });

  it('scores nothing predicted as zero, not NaN', () => {
    const metrics = multiLabelMetrics([['x'], ['y']], [[], []], { labels: ['x', 'y'] });
    expect(metrics.microF1).toBe(0);
    expect(metrics.macroF1).toBe(0);
  });
});

describe('sweepThresholds', () => {
  it('finds the threshold with the best micro-F1 and returns the curve', () => {
    // 0.25 -> [[x,y],[y]]: TP 2, predicted 3, support 2 -> F1 0.8
    // 0.5  -> [[x],[y]]: F1 1
    // 0.7  -> [[x],[]]: P 1, R 1/2 -> F1 2/3
    const sweep = sweepThresholds([['x'], ['y']], [[0.9, 0.3], [0.2, 0.6]], { labels: ['x', 'y'], thresholds: [0.25, 0.5, 0.7] });
    expect(sweep.threshold).toBe(0.5);
    expect(sweep.metrics.microF1).toBe(1);
    expect(sweep.curve.map((point) => point.microF1)).toEqual([0.8, 1, expect.closeTo(2 / 3, 12)]);
  });

  it('helpers pick argmax (first on ties) and labels at a threshold', () => {
    expect(argmax([0.1, 0.7, 0.7])).toBe(1);
    expect(labelsAtThreshold([0.5, 0.49, 0.9], ['a', 'b', 'c'], 0.5)).toEqual(['a', 'c']);
    expect(() => argmax([])).toThrow(/empty/);
  });
});
