import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ModelLoadError } from '@gliznet/common';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeTinyNliModel } from '../testing/tiny-nli-model.js';
import { loadNliSystem } from './nli-system.js';

describe('NLI baseline (transformers.js, local directory)', () => {
  let directory: string;
  beforeAll(async () => {
    directory = await mkdtemp(join(tmpdir(), 'bench-nli-'));
    await writeTinyNliModel(join(directory, 'tiny-nli'));
  });
  afterAll(async () => {
    await rm(directory, { recursive: true, force: true });
  });

  it('scores every label with one model pass per label and never goes to the network', async () => {
    const system = await loadNliSystem(join(directory, 'tiny-nli'), { threads: 1 });
    try {
      const labels = [['sports', 'politics', 'music'], ['food', 'science']];
      const single = await system.classify(['the team won the game', 'i love this food'], labels, { multiLabel: false });
      expect(single.map((row) => row.length)).toEqual([3, 2]);
      for (const row of single) {
        expect(row.reduce((sum, score) => sum + score, 0)).toBeCloseTo(1, 5);
        for (const score of row) expect(score).toBeGreaterThan(0);
      }
      expect(system.counters.passes).toBe(5);
      const multi = await system.classify(['the team won the game'], [['sports', 'politics', 'music']], { multiLabel: true });
      for (const score of multi[0]!) expect(score > 0 && score < 1).toBe(true);
      expect(system.counters.passes).toBe(8);
      // Scores follow the labels as given, not the pipeline's sorted order.
      const reversed = await system.classify(['the team won the game'], [['music', 'politics', 'sports']], { multiLabel: true });
      expect(reversed[0]![0]).toBeCloseTo(multi[0]![2]!, 6);
      expect(reversed[0]![2]).toBeCloseTo(multi[0]![0]!, 6);
      expect(system.counters.blockedRequests).toEqual([]);
      const description = system.describe();
      expect(description.kind).toBe('nli');
      expect(description.files.map((file) => file.sha256)).toHaveLength(4);
    } finally {
      await system.dispose();
    }
  });

  it('names every missing file of an incomplete directory', async () => {
    const error = await loadNliSystem(join(directory, 'missing')).catch((caught: unknown) => caught);
    expect(ModelLoadError.isInstance(error)).toBe(true);
    expect((error as ModelLoadError).problems).toHaveLength(4);
  });
});
