import { mkdtemp, writeFile, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ModelLoadError } from './errors.js';
import { floatToHalf, halfToFloat, parseSafetensors, readSafetensors, serializeSafetensors, writeSafetensors } from './safetensors.js';

function handMade(header: object, data: Uint8Array): Uint8Array {
  const headerBytes = new TextEncoder().encode(JSON.stringify(header));
  const out = new Uint8Array(8 + headerBytes.length + data.length);
  new DataView(out.buffer).setBigUint64(0, BigInt(headerBytes.length), true);
  out.set(headerBytes, 8);
  out.set(data, 8 + headerBytes.length);
  return out;
}

describe('safetensors', () => {
  it('reads F32, F16, BF16, I64 written by hand per the spec', () => {
    const data = new Uint8Array(4 + 2 + 2 + 8);
    const view = new DataView(data.buffer);
    view.setFloat32(0, 1.5, true);
    view.setUint16(4, 0x3c00, true); // 1.0 in half
    view.setUint16(6, 0xc000, true); // -2.0 in bfloat16
    view.setBigInt64(8, -7n, true);
    const tensors = parseSafetensors(
      handMade(
        {
          a: { dtype: 'F32', shape: [1], data_offsets: [0, 4] },
          b: { dtype: 'F16', shape: [1], data_offsets: [4, 6] },
          c: { dtype: 'BF16', shape: [1, 1], data_offsets: [6, 8] },
          d: { dtype: 'I64', shape: [1], data_offsets: [8, 16] },
          __metadata__: { format: 'pt' },
        },
        data,
      ),
    );
    expect(tensors.get('a')!.data[0]).toBe(1.5);
    expect(tensors.get('b')!.data[0]).toBe(1);
    expect(tensors.get('c')!.data[0]).toBe(-2);
    expect(tensors.get('c')!.shape).toEqual([1, 1]);
    expect(tensors.get('d')!.data).toBeInstanceOf(Int32Array);
    expect(tensors.get('d')!.data[0]).toBe(-7);
  });

  it('round-trips F32 exactly and F16 within half precision, atomically on disk', async () => {
    const directory = await mkdtemp(join(tmpdir(), 'gliznet-st-'));
    const values = Float32Array.from({ length: 37 }, (_, i) => Math.sin(i) * 3);
    const tensors = new Map([
      ['w', { shape: [37], data: values }],
      ['ids', { shape: [2], data: Int32Array.from([3, -4]) }],
    ]);
    await writeSafetensors(join(directory, 'model.safetensors'), tensors);
    const back = await readSafetensors(join(directory, 'model.safetensors'));
    expect(Array.from(back.get('w')!.data)).toEqual(Array.from(values));
    expect(Array.from(back.get('ids')!.data)).toEqual([3, -4]);
    const half = parseSafetensors(serializeSafetensors(tensors, { floatDtype: 'F16' }));
    expect(half.get('w')!.dtype).toBe('F16');
    half.get('w')!.data.forEach((value, i) => expect(Math.abs(value - values[i]!)).toBeLessThan(2e-3));
    // Header is padded so tensor data starts 8-byte aligned.
    const bytes = await readFile(join(directory, 'model.safetensors'));
    expect((8 + Number(bytes.readBigUInt64LE(0))) % 8).toBe(0);
  });

  it('converts half floats with correct rounding, subnormals and infinities', () => {
    for (const value of [0, 1, -1, 0.5, 65504, 6.1035156e-5, 5.96e-8, 3.14159]) {
      // Half precision keeps 11 significant bits: relative error at most 2^-11 (subnormals: absolute 2^-25).
      expect(Math.abs(halfToFloat(floatToHalf(value)) - value)).toBeLessThanOrEqual(Math.abs(value) * 2 ** -11 + 2 ** -25);
    }
    expect(halfToFloat(floatToHalf(1e6))).toBe(Infinity);
    expect(floatToHalf(1 + 2 ** -11)).toBe(0x3c00); // tie rounds to even
  });

  it('reports truncated and corrupt files as ModelLoadError naming the file', async () => {
    const directory = await mkdtemp(join(tmpdir(), 'gliznet-st-'));
    const good = serializeSafetensors(new Map([['w', { shape: [4], data: new Float32Array(4) }]]));
    const path = join(directory, 'model.safetensors');
    await writeFile(path, good.subarray(0, good.length - 3));
    await expect(readSafetensors(path)).rejects.toSatisfy((error: unknown) => ModelLoadError.isInstance(error) && error.path === path && /truncated/.test(error.message));
    await writeFile(path, new Uint8Array([1, 2, 3]));
    await expect(readSafetensors(path)).rejects.toThrow(/not a valid safetensors file/);
    await expect(readSafetensors(join(directory, 'missing.safetensors'))).rejects.toThrow(/cannot read/);
    const badHeader = handMade({ w: { dtype: 'F64', shape: [1], data_offsets: [0, 8] } }, new Uint8Array(8));
    expect(() => parseSafetensors(badHeader, { path: 'x' })).toThrow(/unsupported dtype "F64"/);
  });
});
