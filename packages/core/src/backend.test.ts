import { BackendUnavailableError, InvalidArgumentError } from '@gliznet/common';
import { describe, expect, it } from 'vitest';
import * as tf from './tf.js';
import { selectBackend, selectedBackend } from './backend.js';

describe('selectBackend', () => {
  it('auto picks wasm here (no tfjs-node installed), says why, and logs once', async () => {
    const messages: string[] = [];
    const first = await selectBackend({ backend: 'auto', log: (message) => messages.push(message) });
    expect(first.name).toBe('wasm');
    expect(first.reason).toMatch(/tensorflow \(@tensorflow\/tfjs-node-gpu\)/);
    expect(first.reason).toMatch(/tensorflow \(@tensorflow\/tfjs-node\)/);
    expect(tf.getBackend()).toBe('wasm');
    const again = await selectBackend({ backend: 'auto', log: (message) => messages.push(message) });
    expect(again).toEqual(first);
    expect(messages).toHaveLength(1);
    expect(messages[0]).toContain('wasm');
    expect(selectedBackend()?.name).toBe('wasm');
  });

  it('an explicit choice switches backends', async () => {
    expect((await selectBackend({ backend: 'cpu' })).name).toBe('cpu');
    expect(tf.getBackend()).toBe('cpu');
    expect((await selectBackend({ backend: 'wasm' })).name).toBe('wasm');
    expect(tf.getBackend()).toBe('wasm');
  });

  it('an unavailable backend throws BackendUnavailableError listing every attempt', async () => {
    const error = await selectBackend({ backend: 'tensorflow' }).catch((caught: unknown) => caught);
    expect(BackendUnavailableError.isInstance(error)).toBe(true);
    const attempts = (error as BackendUnavailableError).attempts.map((attempt) => attempt.backend);
    expect(attempts).toEqual(['tensorflow (@tensorflow/tfjs-node-gpu)', 'tensorflow (@tensorflow/tfjs-node)']);
    expect(tf.getBackend()).toBe('wasm');
  });

  it('an unknown backend name is an InvalidArgumentError', async () => {
    const error = await selectBackend({ backend: 'webgpu' as never }).catch((caught: unknown) => caught);
    expect(InvalidArgumentError.isInstance(error)).toBe(true);
  });
});
