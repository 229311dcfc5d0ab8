import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GliznetTokenizer, bundledTokenizerPath } from '@gliznet/tokenizer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as tf from './tf.js';
import { selectBackend } from './backend.js';
import { GliznetModel } from './gliznet-model.js';

// The pretrained use-lite GliZNet on batches from @gliznet/tokenizer, and the saved directory.
describe('use-lite GliZNet with @gliznet/tokenizer', () => {
  let model: GliznetModel;
  let tokenizer: GliznetTokenizer;
  let root: string;

  beforeAll(async () => {
    await selectBackend({ backend: 'wasm' });
    model = await GliznetModel.fromPretrainedEncoder('use-lite', { settings: { maxLength: 64 } });
    tokenizer = await GliznetTokenizer.bundled('use-lite');
    root = await mkdtemp(join(tmpdir(), 'gliznet-e2e-'));
  });
  afterAll(async () => {
    model?.dispose();
    await rm(root, { recursive: true, force: true });
  });

  it('scores a tokenized batch with different label counts', async () => {
    const batch = await tokenizer.encodeBatch(
      ['The striker scored twice in the final.', 'Shares fell after the earnings report.'],
      [['sports', 'business', 'science and technology'], ['business', 'sports']],
      { maxLength: 64 },
    );
    const { logits, labelMask, numLabels } = model.forward(batch);
    expect(numLabels).toBe(3);
    expect(logits.shape).toEqual([2, 3]);
    const values = logits.arraySync() as number[][];
    expect(labelMask.arraySync()).toEqual([
      [1, 1, 1],
      [1, 1, 0],
    ]);
    expect(values[1]![2]).toBe(-10000);
    expect(values.flat().filter((value) => value !== -10000).every(Number.isFinite)).toBe(true);
    tf.dispose([logits, labelMask]);
  });

  it('saves with the bundled use-lite tokenizer.json and a config the tokenizer and model read back', async () => {
    expect(model.tokenizerFile).toBe(bundledTokenizerPath('use-lite'));
    const target = join(root, 'model');
    await model.save(target, { floatDtype: 'F16' });
    expect(await readFile(join(target, 'tokenizer.json'), 'utf8')).toBe(await readFile(bundledTokenizerPath('use-lite'), 'utf8'));
    const config = JSON.parse(await readFile(join(target, 'config.json'), 'utf8')) as Record<string, unknown>;
    expect(config).toMatchObject({ model_type: 'use-lite', vocab_size: 8002, hidden_size: 512, gliznet: { encoder: 'use-lite', max_length: 64 } });
    const fromDirectory = await GliznetTokenizer.fromDirectory(target);
    const loaded = await GliznetModel.load(target);
    const batch = await fromDirectory.encodeBatch(['A new vaccine trial began.'], [['health', 'sports']]);
    const { logits, labelMask } = loaded.forward(batch);
    expect(logits.shape).toEqual([1, 2]);
    tf.dispose([logits, labelMask]);
    loaded.dispose();
  });

  it('runs the cross-encoder architecture on pair batches', async () => {
    const cross = await GliznetModel.fromPretrainedEncoder('use-lite', { settings: { architecture: 'cross-encoder' } });
    const pairs = await tokenizer.encodePairBatch(['The striker scored twice.', 'The striker scored twice.'], ['sports', 'business']);
    const { logits } = cross.forward(pairs);
    expect(logits.shape).toEqual([2, 1]);
    logits.dispose();
    cross.dispose();
  });
});
