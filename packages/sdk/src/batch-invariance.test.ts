/**
 * A text's result must not depend on what it is classified with: the same texts alone (batch size
 * 1), in batches of 7 and 32, and beside a short or a long neighbour give exactly the same labels
 * and scores, with the fp32 and the int8 file. Exact equality, not a tolerance: the exported graphs
 * compute every row from that row alone (per-token int8 activation scales, see
 * @gliznet/onnx-export's quantize-activations.ts), so any difference is a bug. The int8 model used
 * to fail this by up to 0.05 in a score (a per-tensor activation scale over the whole batch).
 */
import { rm } from 'node:fs/promises';
import { afterAll, describe, expect, it } from 'vitest';
import type { TinyModelConfigOptions } from '@gliznet/onnx-export/testing';
import { buildRandomModel } from './__fixtures__/random-model.js';
import { ZeroShotClassifier } from './zero-shot-classifier.js';

const words = ['the', 'team', 'won', 'game', 'this', 'is', 'a', 'very', 'good', 'movie', 'about', 'music', 'i', 'love', 'food', 'and', 'of', 'film'];
/** Text i: 1 to 40 words (some past the 48-token window, so truncated). */
const texts = Array.from({ length: 40 }, (_, index) => Array.from({ length: 1 + ((index * 17) % 40) }, (_, word) => words[(index * 7 + word * 3) % words.length]!).join(' '));
const shortText = 'a';
const longText = Array.from({ length: 45 }, (_, word) => words[word % words.length]!).join(' ');
const labels = ['sports', 'politics', 'science', 'music', 'food'];
/** Own label lists of 1 to 5 labels, so a batch's label count differs from a text's own. */
const ownLabels = texts.map((_, index) => labels.slice(0, 1 + (index % labels.length)));

const models: { name: string; options: TinyModelConfigOptions }[] = [
  // The shipped model's head and attention layout.
  { name: 'gliznet use-lite, cosine, mean pooling, sentence head, text-and-self', options: { encoder: 'use-lite', similarity: 'cosine', sentenceHead: true, labelPooling: 'mean', textPooling: 'mean', labelAttention: 'text-and-self', labelPositions: 'after-text' } },
  { name: 'gliznet bert, bilinear, attention pooling, projection', options: { encoder: 'bert', similarity: 'bilinear', labelPooling: 'attention', textPooling: 'cls', projectionDim: 24 } },
  { name: 'cross-encoder use-lite', options: { encoder: 'use-lite', architecture: 'cross-encoder' } },
];

const directories: string[] = [];
afterAll(async () => {
  await Promise.all(directories.map((directory) => rm(directory, { recursive: true, force: true })));
});

describe('batch invariance through the SDK', () => {
  it.each(models.flatMap((model) => [false, true].map((quantized) => ({ ...model, quantized, precision: quantized ? 'int8' : 'fp32' }))))('$name, $precision', async ({ options, quantized }) => {
    const directory = await buildRandomModel({ ...options, vocabSize: 60, hiddenSize: 64, embeddingSize: 32, numAttentionHeads: 2, intermediateSize: 96, seed: 5 });
    directories.push(directory);
    const classifier = await ZeroShotClassifier.fromPretrained(directory, { quantized, threads: 1 });
    try {
      for (const labelsOf of [(_: number) => labels, (index: number) => ownLabels[index]!]) {
        const alone = [];
        for (const [index, text] of texts.entries()) alone.push((await classifier.classify([text], [labelsOf(index)], { batchSize: 1 }))[0]!);
        for (const batchSize of [7, 32]) {
          expect(await classifier.classify(texts, texts.map((_, index) => labelsOf(index)), { batchSize }), `batch size ${batchSize}`).toEqual(alone);
        }
        for (const index of [0, 5, 13, 21]) {
          const [withShort] = await classifier.classify([texts[index]!, shortText], [labelsOf(index), labels], { batchSize: 2 });
          const [, withLong] = await classifier.classify([longText, texts[index]!], [labels, labelsOf(index)], { batchSize: 2 });
          expect(withShort, `text ${index} beside a short text`).toEqual(alone[index]);
          expect(withLong, `text ${index} beside a long text`).toEqual(alone[index]);
        }
      }
    } finally {
      await classifier.dispose();
    }
  });
});
