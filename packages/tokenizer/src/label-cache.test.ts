import { describe, expect, it } from 'vitest';
import { LabelCache } from './label-cache.js';

const entry = (label: string) => ({ label, ids: [label.length], tokens: [label] });

describe('LabelCache', () => {
  it('evicts the least recently used label beyond its capacity', () => {
    const cache = new LabelCache(2);
    cache.set('a', entry('a'));
    cache.set('bb', entry('bb'));
    expect(cache.get('a')?.ids).toEqual([1]);
    cache.set('ccc', entry('ccc'));
    expect(cache.get('bb')).toBeUndefined();
    expect(cache.get('a')).toBeDefined();
    expect(cache.size).toBe(2);
  });

  it('stores nothing with capacity 0', () => {
    const cache = new LabelCache(0);
    cache.set('a', entry('a'));
    expect(cache.get('a')).toBeUndefined();
  });
});
