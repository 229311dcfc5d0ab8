import { describe, expect, it } from 'vitest';
import { batchBySimilarLength } from './batching.js';

describe('batchBySimilarLength', () => {
  it('groups longest first, keeps every item once and respects the batch size', () => {
    const items = ['aaaa', 'b', 'cc', 'dddddd', 'e', 'fff', 'gg'];
    const batches = batchBySimilarLength(items, 3, (item) => item.length);
    expect(batches).toEqual([['dddddd', 'aaaa', 'fff'], ['cc', 'gg', 'b'], ['e']]);
    expect(batches.flat().sort()).toEqual([...items].sort());
  });
  it('rejects a non-positive batch size', () => {
    expect(() => batchBySimilarLength([1], 0, () => 1)).toThrow(/batchSize/);
  });
});
