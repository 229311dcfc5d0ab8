/**
 * Reading and writing the safetensors format (https://huggingface.co/docs/safetensors): an 8-byte
 * little-endian header length, a JSON header `{ name: { dtype, shape, data_offsets: [begin, end] } }`
 * and the raw little-endian tensor bytes. Tensor-free: values come back as typed arrays.
 */
import { readFile } from 'node:fs/promises';
import { ModelLoadError } from './errors.js';
import { writeFileAtomic } from './atomic-write.js';

export type SafetensorsDtype = 'F32' | 'F16' | 'BF16' | 'I64' | 'I32';

/** One tensor as read: floats widen to Float32Array, integers to Int32Array (I64 checked to fit). */
export interface NamedTensor {
  dtype: SafetensorsDtype;
  shape: number[];
  data: Float32Array | Int32Array;
}

const bytesPerElement: Record<SafetensorsDtype, number> = { F32: 4, F16: 2, BF16: 2, I64: 8, I32: 4 };

/** IEEE half -> float32. */
export function halfToFloat(half: number): number {
  const sign = half & 0x8000 ? -1 : 1;
  const exponent = (half >> 10) & 0x1f;
  const fraction = half & 0x3ff;
  if (exponent === 0) return sign * 2 ** -14 * (fraction / 1024);
  if (exponent === 0x1f) return fraction === 0 ? sign * Infinity : NaN;
  return sign * 2 ** (exponent - 15) * (1 + fraction / 1024);
}

const float32Scratch = new Float32Array(1);
const uint32Scratch = new Uint32Array(float32Scratch.buffer);

/** float32 -> IEEE half, round to nearest even; overflow saturates to infinity. */
export function floatToHalf(value: number): number {
  float32Scratch[0] = value;
  const bits = uint32Scratch[0]!;
  const sign = (bits >>> 16) & 0x8000;
  const exponent = (bits >>> 23) & 0xff;
  let mantissa = bits & 0x7fffff;
  if (exponent === 0xff) return sign | 0x7c00 | (mantissa ? 0x200 : 0);
  let halfExponent = exponent - 127 + 15;
  if (halfExponent >= 0x1f) return sign | 0x7c00;
  if (halfExponent <= 0) {
    if (halfExponent < -10) return sign;
    mantissa |= 0x800000;
    const shift = 14 - halfExponent;
    let half = mantissa >>> shift;
    const remainder = mantissa & ((1 << shift) - 1);
    const halfway = 1 << (shift - 1);
    if (remainder > halfway || (remainder === halfway && half & 1)) half += 1;
    return sign | half;
  }
  let half = (halfExponent << 10) | (mantissa >>> 13);
  const remainder = mantissa & 0x1fff;
  if (remainder > 0x1000 || (remainder === 0x1000 && half & 1)) half += 1;
  halfExponent = half >>> 10;
  return sign | half;
}

function decode(bytes: Uint8Array, dtype: SafetensorsDtype, count: number, name: string, path: string): Float32Array | Int32Array {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  switch (dtype) {
    case 'F32': {
      const out = new Float32Array(count);
      for (let i = 0; i < count; i++) out[i] = view.getFloat32(i * 4, true);
      return out;
    }
    case 'F16': {
      const out = new Float32Array(count);
      for (let i = 0; i < count; i++) out[i] = halfToFloat(view.getUint16(i * 2, true));
      return out;
    }
    case 'BF16': {
      const out = new Float32Array(count);
      const widened = new Uint32Array(out.buffer);
      for (let i = 0; i < count; i++) widened[i] = view.getUint16(i * 2, true) << 16;
      return out;
    }
    case 'I32': {
      const out = new Int32Array(count);
      for (let i = 0; i < count; i++) out[i] = view.getInt32(i * 4, true);
      return out;
    }
    case 'I64': {
      const out = new Int32Array(count);
      for (let i = 0; i < count; i++) {
        const value = view.getBigInt64(i * 8, true);
        if (value > 2147483647n || value < -2147483648n) throw new ModelLoadError(path, `${path}: tensor "${name}" holds an int64 value ${value} that does not fit int32`);
        out[i] = Number(value);
      }
      return out;
    }
  }
}

/**
 * Parses a safetensors file already in memory. Every structural problem (bad header, offsets past
 * the end, overlapping or unsupported tensors) is a ModelLoadError naming `path`.
 */
export function parseSafetensors(buffer: Uint8Array, options: { path?: string } = {}): Map<string, NamedTensor> {
  const path = options.path ?? '<memory>';
  const corrupt = (reason: string): ModelLoadError => new ModelLoadError(path, `${path} is not a valid safetensors file (${reason}); re-save or re-download it`);
  if (buffer.byteLength < 8) throw corrupt(`only ${buffer.byteLength} bytes`);
  const view = new DataView(buffer.buffer, buffer.byteOffset, buffer.byteLength);
  const headerLength = Number(view.getBigUint64(0, true));
  if (headerLength <= 0 || 8 + headerLength > buffer.byteLength) throw corrupt(`header length ${headerLength} does not fit in ${buffer.byteLength} bytes`);
  let header: Record<string, unknown>;
  try {
    header = JSON.parse(new TextDecoder().decode(buffer.subarray(8, 8 + headerLength))) as Record<string, unknown>;
  } catch (error) {
    throw corrupt(`header is not JSON: ${(error as Error).message}`);
  }
  const dataStart = 8 + headerLength;
  const dataLength = buffer.byteLength - dataStart;
  const tensors = new Map<string, NamedTensor>();
  for (const [name, entry] of Object.entries(header)) {
    if (name === '__metadata__') continue;
    const { dtype, shape, data_offsets: offsets } = (entry ?? {}) as { dtype?: string; shape?: number[]; data_offsets?: [number, number] };
    if (!dtype || !(dtype in bytesPerElement)) throw corrupt(`tensor "${name}" has unsupported dtype ${JSON.stringify(dtype)}; supported: ${Object.keys(bytesPerElement).join(', ')}`);
    if (!Array.isArray(shape) || !Array.isArray(offsets) || offsets.length !== 2) throw corrupt(`tensor "${name}" lacks shape or data_offsets`);
    const [begin, end] = offsets;
    const count = shape.reduce((product, size) => product * size, 1);
    const size = bytesPerElement[dtype as SafetensorsDtype];
    if (begin < 0 || end > dataLength || end - begin !== count * size) {
      throw corrupt(`tensor "${name}" spans bytes ${begin}-${end} of ${dataLength}, expected ${count * size} bytes for shape [${shape.join(', ')}] ${dtype}; the file may be truncated`);
    }
    const bytes = buffer.subarray(dataStart + begin, dataStart + end);
    tensors.set(name, { dtype: dtype as SafetensorsDtype, shape, data: decode(bytes, dtype as SafetensorsDtype, count, name, path) });
  }
  return tensors;
}

/** Reads a safetensors file from disk (once) and parses it. */
export async function readSafetensors(path: string): Promise<Map<string, NamedTensor>> {
  let buffer: Buffer;
  try {
    buffer = await readFile(path);
  } catch (error) {
    throw new ModelLoadError(path, `cannot read ${path}: ${(error as Error).message}`, { cause: error });
  }
  return parseSafetensors(buffer, { path });
}

export interface SerializeOptions {
  /** Store floating-point tensors as F32 (default) or F16 (half the size). */
  floatDtype?: 'F32' | 'F16';
  /** Free-form string metadata stored under `__metadata__`. */
  metadata?: Record<string, string>;
}

/** Serializes named tensors (sorted by name, 8-byte aligned header) to safetensors bytes. */
export function serializeSafetensors(tensors: Map<string, { shape: number[]; data: Float32Array | Int32Array }>, options: SerializeOptions = {}): Uint8Array {
  const floatDtype = options.floatDtype ?? 'F32';
  const names = [...tensors.keys()].sort();
  const header: Record<string, unknown> = {};
  if (options.metadata) header['__metadata__'] = options.metadata;
  let offset = 0;
  const layout: { name: string; dtype: SafetensorsDtype; begin: number }[] = [];
  for (const name of names) {
    const tensor = tensors.get(name)!;
    const count = tensor.shape.reduce((product, size) => product * size, 1);
    if (count !== tensor.data.length) throw new RangeError(`tensor "${name}": shape [${tensor.shape.join(', ')}] holds ${count} values but data has ${tensor.data.length}`);
    const dtype: SafetensorsDtype = tensor.data instanceof Int32Array ? 'I32' : floatDtype;
    const byteLength = count * bytesPerElement[dtype];
    header[name] = { dtype, shape: tensor.shape, data_offsets: [offset, offset + byteLength] };
    layout.push({ name, dtype, begin: offset });
    offset += byteLength;
  }
  let headerText = JSON.stringify(header);
  headerText += ' '.repeat((8 - ((8 + Buffer.byteLength(headerText)) % 8)) % 8);
  const headerBytes = new TextEncoder().encode(headerText);
  const out = new Uint8Array(8 + headerBytes.byteLength + offset);
  const view = new DataView(out.buffer);
  view.setBigUint64(0, BigInt(headerBytes.byteLength), true);
  out.set(headerBytes, 8);
  const dataStart = 8 + headerBytes.byteLength;
  for (const { name, dtype, begin } of layout) {
    const data = tensors.get(name)!.data;
    const at = dataStart + begin;
    for (let i = 0; i < data.length; i++) {
      if (dtype === 'F32') view.setFloat32(at + i * 4, data[i]!, true);
      else if (dtype === 'F16') view.setUint16(at + i * 2, floatToHalf(data[i]!), true);
      else view.setInt32(at + i * 4, data[i]!, true);
    }
  }
  return out;
}

/** Writes named tensors to `path` atomically (temp file + rename). */
export async function writeSafetensors(path: string, tensors: Map<string, { shape: number[]; data: Float32Array | Int32Array }>, options: SerializeOptions = {}): Promise<void> {
  await writeFileAtomic(path, serializeSafetensors(tensors, options));
}
