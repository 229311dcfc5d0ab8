import { describe, expect, it } from 'vitest';
import { shuffledLabelOrders, topLabelChangeRate, unshuffleScores } from './shuffle-labels.js';

describe('label shuffling', () => {
  it('draws one seeded permutation per row, reproducibly', () => {
    const orders = shuffledLabelOrders(20, 5, { seed: 3 });
    expect(orders).toEqual(shuffledLabelOrders(20, 5, { seed: 3 }));
    expect(orders).not.toEqual(shuffledLabelOrders(20, 5, { seed: 4 }));
    for (const order of orders) expect([...order].sort()).toEqual([0, 1, 2, 3, 4]);
    expect(new Set(orders.map((order) => order.join(','))).size).toBeGreaterThan(1);
  });

  it('maps shuffled scores back to the original label order', () => {
    // Row 0 placed labels [2, 0, 1]: the score at position 0 belongs to label 2.
    expect(unshuffleScores([[0.7, 0.1, 0.2]], [[2, 0, 1]])).toEqual([[0.1, 0.2, 0.7]]);
  });

  it('counts rows whose top label changed', () => {
    const original = [
      [0.9, 0.1],
      [0.2, 0.8],
      [0.6, 0.4],
      [0.3, 0.7],
    ];
    const shuffled = [
      [0.8, 0.2],
      [0.9, 0.1],
      [0.6, 0.4],
      [0.1, 0.9],
    ];
    expect(topLabelChangeRate(original, shuffled)).toBe(0.25);
    expect(topLabelChangeRate([], [])).toBe(0);
  });
});
