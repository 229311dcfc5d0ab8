import { describe, expect, it } from 'vitest';
import { capLabelsPerPass } from './labels-per-pass.js';

const range = (start: number, end: number): number[] => Array.from({ length: end - start }, (_, index) => start + index);

describe('capLabelsPerPass', () => {
  it('leaves chunks within the cap alone', () => {
    expect(capLabelsPerPass([[0, 1, 2], [3]], { maxLabelsPerPass: 3 })).toEqual([[0, 1, 2], [3]]);
  });

  it('splits an over-full chunk into near-equal consecutive parts, larger parts first', () => {
    // 30 labels, cap 12 -> 3 parts of 10; 17 labels -> 9 + 8.
    const split = capLabelsPerPass([range(0, 30), range(30, 47)], { maxLabelsPerPass: 12 });
    expect(split.map((chunk) => chunk.length)).toEqual([10, 10, 10, 9, 8]);
    expect(split.flat()).toEqual(range(0, 47));
  });

  it('cap 1 gives one label per pass', () => {
    expect(capLabelsPerPass([[4, 5, 6]], { maxLabelsPerPass: 1 })).toEqual([[4], [5], [6]]);
  });

  it('rejects a cap that is not a positive integer, naming it', () => {
    expect(() => capLabelsPerPass([[0]], { maxLabelsPerPass: 0 })).toThrow(/maxLabelsPerPass must be a positive integer, got 0/);
    expect(() => capLabelsPerPass([[0]], { maxLabelsPerPass: 2.5 })).toThrow(/got 2.5/);
  });
});
