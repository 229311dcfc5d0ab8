import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { resolveLabelLayout, resolveSentenceHead } from './encoder-defaults.js';
import { TRAINING_DEFAULTS, type TrainingOptions } from './training-options.js';

let directory: string;
beforeEach(async () => {
  directory = await mkdtemp(join(tmpdir(), 'gliznet-encoder-defaults-'));
});
afterEach(async () => {
  await rm(directory, { recursive: true, force: true });
});

const withEncoder = (encoder: string, sentenceHead: TrainingOptions['sentenceHead'] = TRAINING_DEFAULTS.sentenceHead) =>
  ({ ...TRAINING_DEFAULTS, encoder, sentenceHead }) as unknown as TrainingOptions;

describe('resolveSentenceHead', () => {
  it("is on for USE-Lite and off for a BERT checkpoint by default ('auto')", async () => {
    expect(await resolveSentenceHead(withEncoder('use-lite'))).toBe(true);
    await writeFile(join(directory, 'config.json'), JSON.stringify({ model_type: 'bert', hidden_size: 384 }));
    expect(await resolveSentenceHead(withEncoder(directory))).toBe(false);
  });

  it("keeps a trained gliznet model's own head", async () => {
    await writeFile(join(directory, 'config.json'), JSON.stringify({ model_type: 'use-lite', gliznet: { format_version: 1, sentence_head: false } }));
    expect(await resolveSentenceHead(withEncoder(directory))).toBe(false);
    await writeFile(join(directory, 'config.json'), JSON.stringify({ model_type: 'bert', gliznet: { format_version: 1, sentence_head: true } }));
    expect(await resolveSentenceHead(withEncoder(directory))).toBe(true);
  });

  it('leaves an explicit choice alone', async () => {
    expect(await resolveSentenceHead(withEncoder('use-lite', false))).toBe(false);
    expect(await resolveSentenceHead(withEncoder(directory, true))).toBe(true);
  });
});

describe('resolveLabelLayout', () => {
  const cross = (overrides: Partial<TrainingOptions>) => ({ ...withEncoder('use-lite'), architecture: 'cross-encoder', ...overrides }) as TrainingOptions;

  it('gives a cross-encoder the pair layout, whatever the GliZNet defaults are', () => {
    expect(resolveLabelLayout(cross({}))).toEqual({ labelAttention: 'all', labelPositions: 'sequential' });
    expect(resolveLabelLayout(cross({ labelAttention: 'all', labelPositions: 'sequential' }))).toEqual({ labelAttention: 'all', labelPositions: 'sequential' });
    expect(resolveLabelLayout(withEncoder('use-lite'))).toEqual({ labelAttention: TRAINING_DEFAULTS.labelAttention, labelPositions: TRAINING_DEFAULTS.labelPositions });
  });

  it('refuses a GliZNet layout asked of a cross-encoder, naming the flags', () => {
    expect(() => resolveLabelLayout(cross({ labelAttention: 'self', labelPositions: 'from-zero' }))).toThrow(/--label-attention self and --label-positions from-zero shape GliZNet's joint label sequence.*drop them/);
  });
});
