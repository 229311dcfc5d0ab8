import { describe, expect, it } from 'vitest';
import { createRandom } from '../random.js';
import { allocateQuotas } from './allocate-quotas.js';

describe('allocateQuotas', () => {
  it('shares by weight and hands what small corpora cannot take to the others', () => {
    const quotas = allocateQuotas(
      [
        { name: 'big', available: 1000, weight: 1 },
        { name: 'small', available: 10, weight: 1 },
        { name: 'capped', available: 1000, weight: 2, cap: 50 },
        { name: 'heavy', available: 1000, weight: 2 },
      ],
      400,
    );
    expect(Object.fromEntries(quotas)).toEqual({ big: 113, small: 10, capped: 50, heavy: 227 });
  });

  it('gives everything when the total exceeds what exists', () => {
    const quotas = allocateQuotas(
      [
        { name: 'a', available: 5, weight: 1 },
        { name: 'b', available: 7, weight: 3 },
      ],
      100,
    );
    expect(Object.fromEntries(quotas)).toEqual({ a: 5, b: 7 });
  });
});

describe('createRandom', () => {
  it('is deterministic per seed and samples without replacement', () => {
    const first = createRandom(1);
    const second = createRandom(1);
    const values = Array.from({ length: 5 }, () => first.next());
    expect(Array.from({ length: 5 }, () => second.next())).toEqual(values);
    expect(createRandom(2).next()).not.toBe(values[0]);
    const sample = createRandom(3).sample([1, 2, 3, 4, 5, 6], 4);
    expect(new Set(sample).size).toBe(4);
    expect(createRandom(3).shuffle([1, 2, 3, 4, 5, 6]).sort()).toEqual([1, 2, 3, 4, 5, 6]);
  });
});
