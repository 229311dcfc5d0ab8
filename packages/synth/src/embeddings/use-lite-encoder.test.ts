import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { makeTempDirectory } from '../__fixtures__/test-helpers.js';
import { createUseLiteLabelEmbedder } from './label-embedder.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

function cosine(left: Float32Array, right: Float32Array): number {
  let dot = 0;
  let leftNorm = 0;
  let rightNorm = 0;
  for (let index = 0; index < left.length; index += 1) {
    dot += (left[index] as number) * (right[index] as number);
    leftNorm += (left[index] as number) ** 2;
    rightNorm += (right[index] as number) ** 2;
  }
  return dot / Math.sqrt(leftNorm * rightNorm);
}

describe('USE-Lite label embeddings (real pretrained model)', () => {
  it('puts cat nearer kitten than stock market, and caches vectors on disk', async () => {
    const { directory, cleanup } = await makeTempDirectory();
    cleanups.push(cleanup);
    const cacheFile = join(directory, 'cache.json');
    const results: { cached: number; computed: number }[] = [];
    const embedder = createUseLiteLabelEmbedder({ cacheFile, onCacheResult: (result) => results.push(result) });
    const [cat, kitten, stock] = await embedder.embed(['cat', 'kitten', 'stock market']);
    expect(cat).toHaveLength(512);
    const near = cosine(cat as Float32Array, kitten as Float32Array);
    const far = cosine(cat as Float32Array, stock as Float32Array);
    expect(near).toBeGreaterThan(far + 0.2);
    expect(Math.abs(cosine(cat as Float32Array, cat as Float32Array) - 1)).toBeLessThan(1e-5);

    const again = await createUseLiteLabelEmbedder({ cacheFile, onCacheResult: (result) => results.push(result) }).embed(['kitten', 'cat']);
    expect(results).toEqual([
      { cached: 0, computed: 3 },
      { cached: 2, computed: 0 },
    ]);
    expect(Array.from(again[1] as Float32Array)).toEqual(Array.from(cat as Float32Array));
  }, 30_000);
});
