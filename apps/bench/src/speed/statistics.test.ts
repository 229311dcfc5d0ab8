import { describe, expect, it } from 'vitest';
import { median, quantile } from './statistics.js';

describe('quantile', () => {
  it('interpolates linearly between ranks (numpy default)', () => {
    const values = [10, 40, 20, 30]; // sorted 10 20 30 40
    expect(median(values)).toBe(25);
    expect(quantile(values, 0.95)).toBeCloseTo(38.5, 12); // position 2.85
    expect(quantile(values, 0)).toBe(10);
    expect(quantile(values, 1)).toBe(40);
    expect(median([7])).toBe(7);
  });

  it('rejects empty lists and bad q', () => {
    expect(() => median([])).toThrow(/empty/);
    expect(() => quantile([1], 1.5)).toThrow(/\[0, 1\]/);
  });
});
