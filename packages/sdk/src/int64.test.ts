import { describe, expect, it } from 'vitest';
import { toBigInt64Array } from './int64.js';

describe('toBigInt64Array', () => {
  it('sign-extends 32-bit values', () => {
    const values = new Int32Array([0, 1, -1, 2147483647, -2147483648, 30521]);
    expect(Array.from(toBigInt64Array(values))).toEqual([0n, 1n, -1n, 2147483647n, -2147483648n, 30521n]);
  });
  it('rejects non-integers', () => {
    expect(() => toBigInt64Array([1.5])).toThrow(RangeError);
  });
});
