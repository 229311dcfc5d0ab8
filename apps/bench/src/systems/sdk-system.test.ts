import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigurationError } from '@gliznet/common';
import { GliznetTokenizer } from '@gliznet/tokenizer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeTinySdkModels, type TinySdkModels } from '../testing/tiny-sdk-models.js';
import { loadSdkSystem } from './sdk-system.js';

describe('SDK systems (GliZNet and cross-encoder on onnxruntime)', () => {
  let directory: string;
  let models: TinySdkModels;
  beforeAll(async () => {
    directory = await mkdtemp(join(tmpdir(), 'bench-sdk-'));
    models = await writeTinySdkModels(directory);
  });
  afterAll(async () => {
    await rm(directory, { recursive: true, force: true });
  });

  it('returns one score per label in the order given, for single- and multi-label', async () => {
    const system = await loadSdkSystem(models.gliznet, { architecture: 'gliznet', threads: 1 });
    try {
      const labels = [['sports', 'music', 'politics'], ['happy', 'sad']];
      const single = await system.classify(['the team won', 'i was sad'], labels, { multiLabel: false });
      expect(single.map((row) => row.length)).toEqual([3, 2]);
      for (const row of single) expect(row.reduce((sum, score) => sum + score, 0)).toBeCloseTo(1, 5);
      const multi = await system.classify(['the team won'], [['sports', 'music', 'politics']], { multiLabel: true });
      for (const score of multi[0]!) expect(score > 0 && score < 1).toBe(true);
      expect(system.threshold).toBe(0.5);
      const description = system.describe();
      expect(description.kind).toBe('gliznet');
      expect(description.files.map((file) => file.path.split('/').slice(-1)[0])).toEqual(['config.json', 'tokenizer.json', 'model.onnx']);
      for (const file of description.files) expect(file.sha256).toMatch(/^[0-9a-f]{64}$/);
    } finally {
      await system.dispose();
    }
  });

  it('counts the tokens each architecture processes: one joint sequence vs one pair per label', async () => {
    const tokenizer = await GliznetTokenizer.fromDirectory(models.gliznet);
    const text = 'the team won the game';
    const labels = ['sports', 'good news', 'music'];
    const textTokens = await tokenizer.countTokens(text);
    const labelTokens = await Promise.all(labels.map((label) => tokenizer.countTokens(label)));
    const separatorTokens = await tokenizer.countTokens(';');
    const sum = labelTokens.reduce((total, count) => total + count, 0);
    // [CLS] text [SEP] l1 ; l2 ; l3 [SEP]
    const joint = 1 + textTokens + 1 + sum + separatorTokens * (labels.length - 1) + 1;
    // [CLS] text [SEP] label [SEP], once per label
    const pairs = labels.length * (textTokens + 3) + sum;
    const gliznet = await loadSdkSystem(models.gliznet, { architecture: 'gliznet', threads: 1 });
    const crossEncoder = await loadSdkSystem(models.crossEncoder, { architecture: 'cross-encoder', threads: 1 });
    try {
      expect(await gliznet.tokensProcessed!([text, text], [labels, labels])).toBe(2 * joint);
      expect(await crossEncoder.tokensProcessed!([text], [labels])).toBe(pairs);
      // With at most 2 labels per pass: [CLS] text [SEP] l1 ; l2 [SEP] + [CLS] text [SEP] l3 [SEP].
      const capped = await loadSdkSystem(models.gliznet, { architecture: 'gliznet', threads: 1, maxLabelsPerPass: 2 });
      try {
        expect(await capped.tokensProcessed!([text], [labels])).toBe(2 * (textTokens + 3) + sum + separatorTokens);
        expect(capped.describe().settings['maxLabelsPerPass']).toBe(2);
      } finally {
        await capped.dispose();
      }
      // The cross-encoder scores each label on its own: reversing the list reverses the scores,
      // which shows they are mapped back to the labels as given (the SDK returns them sorted).
      const scores = await crossEncoder.classify([text], [labels], { multiLabel: true });
      const reversed = await crossEncoder.classify([text], [[...labels].reverse()], { multiLabel: true });
      expect(new Set(scores[0]!.map((score) => score.toFixed(4))).size).toBe(3);
      reversed[0]!.forEach((score, index) => expect(score).toBeCloseTo(scores[0]![labels.length - 1 - index]!, 5));
    } finally {
      await gliznet.dispose();
      await crossEncoder.dispose();
    }
  });

  it('refuses a model of the other architecture', async () => {
    const error = await loadSdkSystem(models.crossEncoder, { architecture: 'gliznet' }).catch((caught: unknown) => caught);
    expect(ConfigurationError.isInstance(error)).toBe(true);
    expect((error as Error).message).toMatch(/holds a cross-encoder model.*--model expects gliznet/);
  });
});
