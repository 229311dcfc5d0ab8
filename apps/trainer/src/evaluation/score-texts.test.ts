/**
 * The trainer scores through the SDK's pipeline with a tfjs runner: on tiny random models exported
 * to ONNX, its scores must be the SDK's ONNX classifier's (within 1e-4: two runtimes, float32) for
 * every label order, label order mode, labels-per-pass cap (labels split over several passes) and
 * scoring mode, GliZNet and cross-encoder. And for a model whose label scores do not depend on the
 * other labels, a label's score must not depend on the order or on the pass it landed in.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GliznetModel, selectBackend } from '@gliznet/core';
import { exportOnnx } from '@gliznet/onnx-export';
import { createTinyModelConfig, writeRandomModelDirectory, type TinyModelConfigOptions } from '@gliznet/onnx-export/testing';
import { ZeroShotClassifier } from '@gliznet/sdk';
import { GliznetTokenizer } from '@gliznet/tokenizer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scoreTexts } from './score-texts.js';

const words = ['the', 'team', 'won', 'game', 'this', 'is', 'a', 'very', 'good', 'movie', 'about', 'music', 'i', 'love', 'food', 'and', 'of', 'film'];
/** 1 to 45 words: the longest do not fit the 48-token window beside the labels (truncated, and cut alike in every pass). */
const texts = Array.from({ length: 9 }, (_, index) => Array.from({ length: 1 + ((index * 11) % 45) }, (_, word) => words[(index * 5 + word * 3) % words.length]!).join(' '));
const labels = ['sports', 'politics', 'science', 'music and dance', 'food', 'the weather today', 'money'];
const orders = [labels, [...labels].reverse(), [...labels.slice(3), ...labels.slice(0, 3)]];

const directories: string[] = [];
beforeAll(async () => {
  await selectBackend({ backend: 'cpu' });
});
afterAll(async () => {
  await Promise.all(directories.map((directory) => rm(directory, { recursive: true, force: true })));
});

async function tinyModel(options: TinyModelConfigOptions, seed: number): Promise<string> {
  const directory = await mkdtemp(join(tmpdir(), 'gliznet-trainer-parity-'));
  directories.push(directory);
  const config = createTinyModelConfig({ maxLength: 48, minTextTokens: 4, maxLabels: 4, vocabSize: 60, hiddenSize: 32, numAttentionHeads: 2, intermediateSize: 48, ...options });
  await writeRandomModelDirectory(directory, { config, seed });
  await exportOnnx(directory, { quantize: false });
  return directory;
}

/** Per text, label -> score. */
function byLabel(order: readonly string[], rows: readonly (readonly number[])[]): Map<string, number>[] {
  return rows.map((row) => new Map(order.map((label, index) => [label, row[index]!])));
}

const models: { name: string; options: TinyModelConfigOptions; orderDependent: boolean; caps: (number | undefined)[] }[] = [
  { name: 'gliznet use-lite, cosine, text-and-self, after-text', options: { encoder: 'use-lite', similarity: 'cosine', sentenceHead: true, labelPooling: 'mean', textPooling: 'mean', labelAttention: 'text-and-self', labelPositions: 'after-text' }, orderDependent: false, caps: [undefined, 2, 7] },
  { name: 'gliznet bert, bilinear, attention pooling, all attention', options: { encoder: 'bert', similarity: 'bilinear', labelPooling: 'attention', textPooling: 'cls', labelAttention: 'all', labelPositions: 'sequential' }, orderDependent: true, caps: [undefined, 2, 7] },
  // One pass per (text, label) pair: the cap does not apply.
  { name: 'cross-encoder use-lite', options: { encoder: 'use-lite', architecture: 'cross-encoder' }, orderDependent: false, caps: [undefined] },
];

describe('scoreTexts (SDK pipeline on tfjs) against the SDK on onnxruntime', () => {
  it.each(models)('$name: same scores in every label order, order mode, pass cap and scoring mode', async ({ options, orderDependent, caps }) => {
    const directory = await tinyModel(options, 11);
    const model = await GliznetModel.load(directory);
    const tokenizer = await GliznetTokenizer.fromDirectory(directory);
    const classifier = await ZeroShotClassifier.fromPretrained(directory, { threads: 1 });
    let compared = 0;
    let largest = 0;
    const asGiven = new Map<string, Map<string, number>[]>();
    try {
      for (const labelOrder of ['canonical', 'as-given'] as const) {
        for (const maxLabelsPerPass of caps) {
          for (const multiLabel of [false, true]) {
            for (const [orderIndex, order] of orders.entries()) {
              const settings = { labelOrder, multiLabel, ...(maxLabelsPerPass === undefined ? {} : { maxLabelsPerPass }) };
              const trainer = byLabel(order, await scoreTexts(model, tokenizer, texts, order, { ...settings, batchSize: 5 }));
              const sdk = (await classifier.classify(texts, order, { ...settings, ...(multiLabel ? { threshold: 0 } : {}) })).map((result) => new Map(result.labels.map((label, index) => [label, result.scores[index]!])));
              trainer.forEach((row, textIndex) => {
                expect(row.size).toBe(labels.length);
                for (const [label, score] of row) {
                  const difference = Math.abs(score - sdk[textIndex]!.get(label)!);
                  largest = Math.max(largest, difference);
                  expect(difference, `${labelOrder}, cap ${maxLabelsPerPass}, multiLabel ${multiLabel}, order ${orderIndex}, text ${textIndex}, ${label}`).toBeLessThan(1e-4);
                  compared += 1;
                }
              });
              if (labelOrder === 'as-given' && multiLabel) asGiven.set(`${maxLabelsPerPass}|${orderIndex}`, trainer);
            }
          }
        }
      }
    } finally {
      model.dispose();
      await classifier.dispose();
    }
    expect(compared).toBe(2 * caps.length * 2 * orders.length * texts.length * labels.length);
    expect(largest).toBeLessThan(1e-4);
    if (options.architecture === 'cross-encoder') return;
    // Not a vacuous comparison: for the order-dependent model, the order read and the label chunks
    // change the scores (the default cap, 4, and 2 both take several passes, so both cut long texts alike).
    const spread = (left: string, right: string): number =>
      Math.max(...asGiven.get(left)!.flatMap((row, textIndex) => [...row].map(([label, score]) => Math.abs(score - asGiven.get(right)![textIndex]!.get(label)!))));
    if (orderDependent) {
      expect(spread('7|0', '7|1')).toBeGreaterThan(1e-3);
      expect(spread('undefined|0', '2|0')).toBeGreaterThan(1e-3);
    } else {
      expect(spread('7|0', '7|1')).toBeLessThan(1e-5);
      expect(spread('undefined|0', '2|0')).toBeLessThan(1e-5);
    }
  }, 120_000);
});

describe('scoreTexts', () => {
  it('gives each label the same score in any order when its labels take several passes', async () => {
    const directory = await tinyModel(models[0]!.options, 4);
    const model = await GliznetModel.load(directory);
    const tokenizer = await GliznetTokenizer.fromDirectory(directory);
    try {
      const text = Array.from({ length: 60 }, (_, index) => words[index % words.length]).join(' ');
      const scoresOf = async (order: string[]) => byLabel(order, await scoreTexts(model, tokenizer, [text], order, { maxLabelsPerPass: 3, labelOrder: 'as-given', multiLabel: true }))[0]!;
      const reference = await scoresOf(labels);
      for (const order of orders.slice(1)) {
        const scores = await scoresOf(order);
        for (const label of labels) expect(scores.get(label)!, label).toBeCloseTo(reference.get(label)!, 6);
      }
      expect(new Set([...reference.values()].map((value) => value.toFixed(4))).size).toBeGreaterThan(1);
    } finally {
      model.dispose();
    }
  });

  it('reports progress as texts finish, a few batches at a time, with the same scores as one call', async () => {
    const directory = await tinyModel(models[0]!.options, 4);
    const model = await GliznetModel.load(directory);
    const tokenizer = await GliznetTokenizer.fromDirectory(directory);
    try {
      const progress: [number, number][] = [];
      const settings = { batchSize: 2, maxLabelsPerPass: 2, multiLabel: false };
      const scores = await scoreTexts(model, tokenizer, texts, labels, { ...settings, onProgress: (done, total) => progress.push([done, total]) });
      // 2 texts first (one batch's worth), then 2 at a time: each text takes 4 passes, 4 batches of 2 passes are 2 texts.
      expect(progress).toEqual([2, 4, 6, 8, 9].map((done) => [done, texts.length]));
      const alone = await Promise.all(texts.map(async (text) => (await scoreTexts(model, tokenizer, [text], labels, settings))[0]!));
      scores.forEach((row, index) => row.forEach((score, column) => expect(score).toBeCloseTo(alone[index]![column]!, 6)));
    } finally {
      model.dispose();
    }
  });

  it('refuses duplicate labels with the SDK and tokenizer wording', async () => {
    const directory = await tinyModel(models[0]!.options, 4);
    const model = await GliznetModel.load(directory);
    const tokenizer = await GliznetTokenizer.fromDirectory(directory);
    try {
      await expect(scoreTexts(model, tokenizer, ['a text'], ['Sports', ' sports'], { multiLabel: false })).rejects.toThrow(/labels\[1\] " sports" repeats labels\[0\] "Sports"/);
    } finally {
      model.dispose();
    }
  });
});
