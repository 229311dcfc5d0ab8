import { ConfigurationError } from '@gliznet/common';
import { describe, expect, it } from 'vitest';
import { explainHeapExhaustion, isHeapExhaustion } from './heap-exhaustion.js';

const settings = { backend: 'wasm', step: 0, batchSize: 8, maxLength: 128, architecture: 'cross-encoder', maxLabels: 4 };

/** A real WebAssembly trap: a load past the end of a one-page memory. */
async function outOfBoundsTrap(): Promise<unknown> {
  // (module (memory 1) (func (export "f") (result i32) (i32.load (i32.const 70000))))
  const bytes = new Uint8Array([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x05, 0x01, 0x60, 0x00, 0x01, 0x7f, 0x03, 0x02, 0x01, 0x00, 0x05, 0x03, 0x01, 0x00,
    0x01, 0x07, 0x05, 0x01, 0x01, 0x66, 0x00, 0x00, 0x0a, 0x0b, 0x01, 0x09, 0x00, 0x41, 0xf0, 0xa2, 0x04, 0x28, 0x02, 0x00, 0x0b,
  ]);
  const wasm = (globalThis as unknown as { WebAssembly: { instantiate(bytes: Uint8Array): Promise<{ instance: { exports: { f: () => number } } }> } }).WebAssembly;
  const { instance } = await wasm.instantiate(bytes);
  try {
    instance.exports.f();
  } catch (error) {
    return error;
  }
  throw new Error('the load did not trap');
}

describe('explainHeapExhaustion', () => {
  it('turns a wasm out-of-bounds trap into a ConfigurationError naming the settings to lower', async () => {
    const trap = await outOfBoundsTrap();
    expect(isHeapExhaustion(trap)).toBe(true);
    const explained = explainHeapExhaustion(trap, settings);
    expect(ConfigurationError.isInstance(explained)).toBe(true);
    expect((explained as Error).message).toMatch(/wasm backend ran out of memory at step 1 \(batch 8 x up to 4 label pairs, up to 128 tokens\): lower --batch-size \(now 8\) or --max-labels \(now 4\) or --max-length \(now 128\)/);
    expect((explained as Error & { cause?: unknown }).cause).toBe(trap);
  });

  it('passes every other error through unchanged', () => {
    const other = new RangeError('memory access out of bounds'); // same words, not a wasm trap
    expect(explainHeapExhaustion(other, settings)).toBe(other);
    expect(explainHeapExhaustion('text', settings)).toBe('text');
    expect(isHeapExhaustion(new Error('Aborted(). Build with -sASSERTIONS for more info.'))).toBe(true);
    expect(isHeapExhaustion(new Error('Aborted(OOM)'))).toBe(true);
    expect(isHeapExhaustion(new Error('the run was aborted'))).toBe(false);
  });
});
