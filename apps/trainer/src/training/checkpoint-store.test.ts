import { mkdtemp, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CheckpointStore, type TrainerState } from './checkpoint-store.js';

const state = (step: number): TrainerState => ({ step, epoch: 0, batchInEpoch: step, best: null, options: { lr: 1e-4 } });

describe('CheckpointStore', () => {
  it('returns null before any checkpoint, then the latest one, keeping only the newest few', async () => {
    const output = await mkdtemp(join(tmpdir(), 'gliznet-ckpt-'));
    const store = new CheckpointStore(output, { keep: 2 });
    expect(await store.latest()).toBeNull();
    const optimizer = new Map([['m.w', { shape: [2], data: Float32Array.from([1, 2]) }]]);
    for (const step of [10, 20, 30]) {
      await store.save(state(step), optimizer, async (directory) => writeFile(join(directory, 'model.safetensors'), 'weights'));
    }
    const latest = await store.latest();
    expect(latest!.state.step).toBe(30);
    expect(Array.from(latest!.optimizer.get('m.w')!.data)).toEqual([1, 2]);
    expect((await readdir(store.root)).filter((name) => name.startsWith('step-')).sort()).toEqual(['step-00000020', 'step-00000030']);
  });

  it('leaves the previous checkpoint in place when writing a new one fails', async () => {
    const output = await mkdtemp(join(tmpdir(), 'gliznet-ckpt-'));
    const store = new CheckpointStore(output);
    const optimizer = new Map([['m.w', { shape: [1], data: Float32Array.from([1]) }]]);
    await store.save(state(5), optimizer, async () => {});
    await expect(
      store.save(state(6), optimizer, async () => {
        throw new Error('disk full');
      }),
    ).rejects.toThrow('disk full');
    expect((await store.latest())!.state.step).toBe(5);
    expect((await readdir(store.root)).some((name) => name.endsWith('.tmp'))).toBe(false);
  });
});
