import { describe, expect, it } from 'vitest';
import { createSeededRandom } from './seeded-random.js';

describe('seeded random', () => {
  it('is deterministic per seed and differs across seeds', () => {
    const a = createSeededRandom(42);
    const b = createSeededRandom(42);
    const c = createSeededRandom(43);
    const first = Array.from({ length: 5 }, () => a.next());
    expect(Array.from({ length: 5 }, () => b.next())).toEqual(first);
    expect(Array.from({ length: 5 }, () => c.next())).not.toEqual(first);
  });

  it('resumes exactly from a saved state', () => {
    const random = createSeededRandom(7);
    random.next();
    const state = random.getState();
    const expected = Array.from({ length: 10 }, () => random.nextInt(1000));
    const restored = createSeededRandom(0);
    restored.setState(state);
    expect(Array.from({ length: 10 }, () => restored.nextInt(1000))).toEqual(expected);
  });

  it('draws roughly uniform values and shuffles into a permutation', () => {
    const random = createSeededRandom(1);
    const counts = new Array<number>(10).fill(0);
    for (let i = 0; i < 20_000; i++) counts[random.nextInt(10)]! += 1;
    for (const count of counts) expect(Math.abs(count - 2000)).toBeLessThan(200);
    let sum = 0;
    let squares = 0;
    for (let i = 0; i < 20_000; i++) {
      const value = random.nextNormal();
      sum += value;
      squares += value * value;
    }
    expect(Math.abs(sum / 20_000)).toBeLessThan(0.05);
    expect(Math.abs(squares / 20_000 - 1)).toBeLessThan(0.05);
    const items = Array.from({ length: 50 }, (_, i) => i);
    expect(random.shuffle([...items]).sort((x, y) => x - y)).toEqual(items);
    expect(() => random.nextInt(0)).toThrow(/positive integer/);
  });
});
