import { InvalidArgumentError } from '@gliznet/common';
import { describe, expect, it } from 'vitest';
import { aggregateWindowLogits, logitsToScores, mergeLabelChunkLogits, rankLabels, sigmoid, softmax } from './scores.js';

describe('softmax and sigmoid', () => {
  it('softmax sums to one, keeps order and survives large logits', () => {
    const scores = softmax([1000, 999, -1000]);
    expect(scores.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    expect(scores[0]).toBeCloseTo(1 / (1 + Math.exp(-1)), 12);
    expect(scores[2]).toBe(0);
  });

  it('padded -10000 slots get zero weight', () => {
    expect(softmax([0, 0, -10000])).toEqual([0.5, 0.5, 0]);
  });

  it('sigmoid is symmetric and finite at extremes', () => {
    expect(sigmoid(0)).toBe(0.5);
    expect(sigmoid(2) + sigmoid(-2)).toBeCloseTo(1, 15);
    expect(sigmoid(-10000)).toBe(0);
    expect(sigmoid(10000)).toBe(1);
  });

  it('logitsToScores switches between softmax and sigmoid', () => {
    expect(logitsToScores([0, Math.log(3)], { multiLabel: false })).toEqual([0.25, 0.75].map((value) => expect.closeTo(value, 12)));
    expect(logitsToScores([0, Math.log(3)], { multiLabel: true })).toEqual([0.5, expect.closeTo(0.75, 12)]);
  });
});

describe('mergeLabelChunkLogits', () => {
  it('puts chunked logits back in label order; softmax over the merge equals softmax over the union', () => {
    const all = [0.3, -1.2, 2.5, 0.7, -0.1, 1.9, 0.0];
    const parts = [
      { labelIndices: [4, 0, 2], logits: [all[4]!, all[0]!, all[2]!] },
      { labelIndices: [6, 1], logits: new Float32Array([all[6]!, all[1]!]) },
      { labelIndices: [3, 5], logits: [all[3]!, all[5]!] },
    ];
    const merged = mergeLabelChunkLogits(7, parts);
    expect(Array.from(merged)).toEqual(all.map((value, index) => (index === 1 || index === 6 ? Math.fround(value) : value)));
    const expected = softmax(all);
    softmax(merged).forEach((value, index) => expect(value).toBeCloseTo(expected[index]!, 6));
  });

  it('rejects a label scored twice or never', () => {
    expect(() => mergeLabelChunkLogits(3, [{ labelIndices: [0, 1], logits: [1, 2] }, { labelIndices: [1, 2], logits: [3, 4] }])).toThrow(/scored by two passes/);
    expect(() => mergeLabelChunkLogits(3, [{ labelIndices: [0, 2], logits: [1, 2] }])).toThrow(/labels 1 were never scored/);
    expect(() => mergeLabelChunkLogits(2, [{ labelIndices: [0, 1], logits: [1] }])).toThrow(InvalidArgumentError);
  });
});

describe('aggregateWindowLogits', () => {
  const windows = [
    [1, -2, 0.5],
    [-1, 3, 0.5],
    [0, -4, 2],
  ];
  it('takes the max per label for multi-label', () => {
    expect(Array.from(aggregateWindowLogits(windows, { multiLabel: true }))).toEqual([1, 3, 2]);
  });
  it('takes the mean per label for single-label', () => {
    const mean = aggregateWindowLogits(windows, { multiLabel: false });
    expect(mean[0]).toBeCloseTo(0, 12);
    expect(mean[1]).toBeCloseTo(-1, 12);
    expect(mean[2]).toBeCloseTo(1, 12);
  });
  it('rejects windows of different widths and no windows', () => {
    expect(() => aggregateWindowLogits([[1, 2], [1]], { multiLabel: true })).toThrow(/disagree/);
    expect(() => aggregateWindowLogits([], { multiLabel: true })).toThrow(InvalidArgumentError);
  });
});

describe('rankLabels', () => {
  const labels = ['a', 'b', 'c', 'd'];
  const scores = [0.2, 0.9, 0.2, 0.6];
  it('sorts descending and keeps the caller order on ties', () => {
    expect(rankLabels(labels, scores)).toEqual({ labels: ['b', 'd', 'a', 'c'], scores: [0.9, 0.6, 0.2, 0.2] });
  });
  it('applies threshold (inclusive) then topK', () => {
    expect(rankLabels(labels, scores, { threshold: 0.6 })).toEqual({ labels: ['b', 'd'], scores: [0.9, 0.6] });
    expect(rankLabels(labels, scores, { topK: 3 }).labels).toEqual(['b', 'd', 'a']);
    expect(rankLabels(labels, scores, { threshold: 0.1, topK: 1 }).labels).toEqual(['b']);
    expect(rankLabels(labels, scores, { threshold: 0.95 })).toEqual({ labels: [], scores: [] });
  });
});
