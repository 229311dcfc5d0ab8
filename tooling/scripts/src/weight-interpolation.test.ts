import { InvalidArgumentError, type NamedTensor } from '@gliznet/common';
import { describe, expect, it } from 'vitest';
import { interpolateTensors } from './weight-interpolation.js';

const tensor = (values: number[], shape = [values.length]): NamedTensor => ({ dtype: 'F32', shape, data: Float32Array.from(values) });

describe('interpolateTensors', () => {
  const from = new Map([['w', tensor([0, 2, -4, 1], [2, 2])], ['b', tensor([1])], ['ids', { dtype: 'I32' as const, shape: [2], data: Int32Array.from([3, 4]) }]]);
  const to = new Map([['w', tensor([4, 2, 0, -1], [2, 2])], ['b', tensor([3])], ['ids', { dtype: 'I32' as const, shape: [2], data: Int32Array.from([3, 4]) }]]);

  it('mixes every float tensor (1 - alpha) * from + alpha * to and keeps equal integer tensors', () => {
    const mixed = interpolateTensors(from, to, { alpha: 0.25 });
    expect(Array.from(mixed.get('w')!.data)).toEqual([1, 2, -3, 0.5]);
    expect(mixed.get('w')!.shape).toEqual([2, 2]);
    expect(Array.from(mixed.get('b')!.data)).toEqual([1.5]);
    expect(Array.from(mixed.get('ids')!.data)).toEqual([3, 4]);
    expect(Array.from(interpolateTensors(from, to, { alpha: 0 }).get('w')!.data)).toEqual([0, 2, -4, 1]);
    expect(Array.from(interpolateTensors(from, to, { alpha: 1 }).get('w')!.data)).toEqual([4, 2, 0, -1]);
  });

  it('names mismatched checkpoints and a bad alpha', () => {
    expect(() => interpolateTensors(from, new Map([['w', tensor([1, 2, 3, 4], [2, 2])]]), { alpha: 0.5 })).toThrow(/different tensors \(b, ids\)/);
    expect(() => interpolateTensors(from, new Map([...to, ['w', tensor([1, 2, 3, 4], [4])]]), { alpha: 0.5 })).toThrow(/w has shape \[2, 2\] in one checkpoint and \[4\]/);
    expect(() => interpolateTensors(from, new Map([...to, ['ids', { dtype: 'I32' as const, shape: [2], data: Int32Array.from([3, 5]) }]]), { alpha: 0.5 })).toThrow(/ids is an integer tensor that differs/);
    expect(() => interpolateTensors(from, to, { alpha: 1.5 })).toThrow(InvalidArgumentError);
  });
});
