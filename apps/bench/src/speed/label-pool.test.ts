import { describe, expect, it } from 'vitest';
import { EXTRA_POOL_LABELS, buildLabelPool, takeLabels } from './label-pool.js';

describe('label pool', () => {
  it('de-duplicates case-insensitively and shuffles reproducibly', () => {
    const pool = buildLabelPool(['Sports', 'sports ', 'world', 'business', 'World'], { seed: 1 });
    expect([...pool].sort()).toEqual(['Sports', 'business', 'world']);
    expect(buildLabelPool(['a', 'b', 'c', 'd', 'e', 'f'], { seed: 1 })).toEqual(buildLabelPool(['a', 'b', 'c', 'd', 'e', 'f'], { seed: 1 }));
  });

  it('takes nested prefixes and refuses counts beyond the pool', () => {
    const pool = buildLabelPool([...EXTRA_POOL_LABELS], { seed: 2 });
    expect(takeLabels(pool, 8)).toEqual(takeLabels(pool, 16).slice(0, 8));
    expect(() => takeLabels(pool, pool.length + 1)).toThrow(new RegExp(`has ${pool.length}`));
    expect(() => takeLabels(pool, 0)).toThrow(/positive integers/);
  });
});
