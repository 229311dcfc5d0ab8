import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { makeTempDirectory, trigramEmbedder, trigramSentenceEncoder } from '../__fixtures__/test-helpers.js';
import { createCachedLabelEmbedder } from './label-embedder.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

async function cacheFileInTemp(): Promise<string> {
  const { directory, cleanup } = await makeTempDirectory();
  cleanups.push(cleanup);
  return join(directory, 'cache.json');
}

describe('createCachedLabelEmbedder', () => {
  it("returns the injected encoder's vectors, loads it only for labels missing from the cache, and disposes it", async () => {
    const cacheFile = await cacheFileInTemp();
    const source = trigramSentenceEncoder();
    const results: { cached: number; computed: number }[] = [];
    const embedder = createCachedLabelEmbedder(source, { cacheFile, onCacheResult: (result) => results.push(result) });
    expect(embedder.modelVersion).toBe('test-trigrams-64');
    const labels = ['play music', 'play radio', 'pay bill', 'play music'];
    const vectors = await embedder.embed(labels);
    const expected = await trigramEmbedder().embed(labels);
    expect(vectors.map((vector) => Array.from(vector))).toEqual(expected.map((vector) => Array.from(vector)));
    expect(source.embedded).toEqual([['play music', 'play radio', 'pay bill']]); // duplicates embedded once
    expect([source.loads, source.disposals]).toEqual([1, 1]);

    const again = await createCachedLabelEmbedder(source, { cacheFile, onCacheResult: (result) => results.push(result) }).embed(['pay bill', 'play music']);
    expect(source.loads).toBe(1); // all cached: the encoder is never loaded
    expect(Array.from(again[0] as Float32Array)).toEqual(Array.from(expected[2] as Float32Array));

    await createCachedLabelEmbedder(source, { cacheFile, onCacheResult: (result) => results.push(result) }).embed(['pay bill', 'set alarm']);
    expect(source.embedded.at(-1)).toEqual(['set alarm']);
    expect(results).toEqual([
      { cached: 0, computed: 3 },
      { cached: 2, computed: 0 },
      { cached: 1, computed: 1 },
    ]);
    const saved = JSON.parse(await readFile(cacheFile, 'utf8')) as { modelVersion: string; vectors: Record<string, string> };
    expect(Object.keys(saved.vectors)).toEqual(['pay bill', 'play music', 'play radio', 'set alarm']);
  });

  it("never reuses another model's vectors, and recomputes an unreadable cache", async () => {
    const cacheFile = await cacheFileInTemp();
    await createCachedLabelEmbedder(trigramSentenceEncoder('model-a'), { cacheFile }).embed(['pay bill']);
    const other = trigramSentenceEncoder('model-b');
    await createCachedLabelEmbedder(other, { cacheFile }).embed(['pay bill']);
    expect(other.embedded).toEqual([['pay bill']]);
    expect((JSON.parse(await readFile(cacheFile, 'utf8')) as { modelVersion: string }).modelVersion).toBe('model-b');
    await writeFile(cacheFile, '{ torn');
    const afterTear = trigramSentenceEncoder('model-b');
    await createCachedLabelEmbedder(afterTear, { cacheFile }).embed(['pay bill']);
    expect(afterTear.loads).toBe(1);
  });

  it('disposes the encoder when embedding fails, and writes no cache', async () => {
    const cacheFile = await cacheFileInTemp();
    let disposed = 0;
    const failing = {
      modelVersion: 'broken',
      load: async () => ({
        embed: async (): Promise<Float32Array[]> => {
          throw new Error('out of memory');
        },
        dispose: () => {
          disposed += 1;
        },
      }),
    };
    await expect(createCachedLabelEmbedder(failing, { cacheFile }).embed(['a'])).rejects.toThrow('out of memory');
    expect(disposed).toBe(1);
    await expect(readFile(cacheFile)).rejects.toThrow(/ENOENT/);
  });
});
