/**
 * End to end on real (tiny, random) ONNX models exported by @gliznet/onnx-export: the classifier's
 * results are checked against direct onnxruntime runs of the tokenizer's encodings.
 */
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { InvalidArgumentError, ModelLoadError } from '@gliznet/common';
import { GliznetTokenizer } from '@gliznet/tokenizer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildRandomModel } from './__fixtures__/random-model.js';
import { OnnxSession } from './onnx-session.js';
import { sigmoid, softmax } from './scores.js';
import { ZeroShotClassifier } from './zero-shot-classifier.js';

const labels = ['sports', 'politics', 'science', 'music', 'food'];
const texts = ['the team won the game', 'this is a very good movie about music', 'a', 'i love the food and the music of this film'];

/** Runs the exported graph directly on the tokenizer's encoding of one text and its labels. */
async function openDirect(directory: string) {
  const tokenizer = await GliznetTokenizer.fromDirectory(directory);
  const session = await OnnxSession.create(join(directory, 'onnx', 'model.onnx'));
  return {
    /** Logits of `labelList` beside `text`. */
    async logits(text: string, labelList: string[], options: { maxLength?: number } = {}): Promise<number[]> {
      const encoding = await tokenizer.encode(text, labelList, options);
      const dims = [1, encoding.inputIds.length];
      const outputs = await session.run({
        input_ids: { data: encoding.inputIds, dims },
        attention_mask: { data: encoding.attentionMask, dims },
        token_type_ids: { data: encoding.tokenTypeIds, dims },
        lmask: { data: encoding.lmask, dims },
      });
      return Array.from(outputs['logits']!.data);
    },
    tokenizer,
    dispose: () => session.dispose(),
  };
}

function scoreOf(result: { labels: string[]; scores: number[] }, label: string): number {
  const index = result.labels.indexOf(label);
  if (index < 0) throw new Error(`label ${label} missing from result`);
  return result.scores[index]!;
}

describe('ZeroShotClassifier on a GliZNet (bert) model', () => {
  let directory: string;
  let classifier: ZeroShotClassifier;
  let direct: Awaited<ReturnType<typeof openDirect>>;
  beforeAll(async () => {
    directory = await buildRandomModel({ encoder: 'bert', seed: 7 });
    classifier = await ZeroShotClassifier.fromPretrained(directory, { threads: 1 });
    direct = await openDirect(directory);
  });
  afterAll(async () => {
    await classifier.dispose();
    await direct.dispose();
    await rm(directory, { recursive: true, force: true });
  });

  it('matches a direct run of the graph (softmax and sigmoid), sorted descending', async () => {
    const result = await classifier.classify(texts[0]!, labels, { labelOrder: 'as-given' });
    const logits = await direct.logits(texts[0]!, labels);
    const expected = softmax(logits);
    labels.forEach((label, index) => expect(scoreOf(result, label)).toBeCloseTo(expected[index]!, 5));
    expect(result.scores).toEqual([...result.scores].sort((a, b) => b - a));
    expect(result).toMatchObject({ text: texts[0], truncated: false });

    const multi = await classifier.classify(texts[0]!, labels, { multiLabel: true, threshold: 0, labelOrder: 'as-given' });
    labels.forEach((label, index) => expect(scoreOf(multi, label)).toBeCloseTo(sigmoid(logits[index]!), 5));
  });

  it('by default reads the labels sorted: the graph run on the sorted labels, the same for any order', async () => {
    const sorted = [...labels].sort(); // lowercase ASCII: code-unit order is the canonical order
    expect(sorted).not.toEqual(labels);
    const expected = softmax(await direct.logits(texts[0]!, sorted));
    for (const order of [labels, [...labels].reverse(), sorted]) {
      const result = await classifier.classify(texts[0]!, order);
      sorted.forEach((label, index) => expect(scoreOf(result, label)).toBeCloseTo(expected[index]!, 5));
    }
  });

  it('batched and padded results equal one-at-a-time results, with per-text label lists', async () => {
    const lists = [labels, ['food', 'music'], ['science'], labels.slice().reverse()];
    const batched = await classifier.classify(texts, lists, { batchSize: 3 });
    for (const [index, text] of texts.entries()) {
      const alone = await classifier.classify(text, lists[index]!);
      expect(batched[index]!.text).toBe(text);
      expect(batched[index]!.labels).toEqual(alone.labels);
      batched[index]!.scores.forEach((score, position) => expect(score).toBeCloseTo(alone.scores[position]!, 5));
    }
  });

  it('threshold and topK filter the ranked labels', async () => {
    const all = await classifier.classify(texts[1]!, labels, { multiLabel: true, threshold: 0 });
    const cut = all.scores[2]!;
    const filtered = await classifier.classify(texts[1]!, labels, { multiLabel: true, threshold: cut });
    expect(filtered.labels).toEqual(all.labels.slice(0, 3));
    expect((await classifier.classify(texts[1]!, labels, { topK: 2 })).labels).toHaveLength(2);
  });

  it('1,000 labels: split into passes by planLabelChunks and merged exactly', async () => {
    const many = Array.from({ length: 1000 }, (_, index) => `label ${index}`);
    const groups = await direct.tokenizer.planLabelChunks(texts[0]!, many, { maxLength: 48 });
    expect(groups.length).toBeGreaterThan(10);
    const logits: number[] = [];
    for (const group of groups) logits.push(...(await direct.logits(texts[0]!, group, { maxLength: 48 })));
    const expected = softmax(logits);
    const timingsBefore = classifier.timings({ reset: true });
    expect(timingsBefore.batches).toBeGreaterThan(0);
    const result = await classifier.classify(texts[0]!, many, { maxLength: 48, labelOrder: 'as-given' });
    expect(result.labels).toHaveLength(1000);
    many.forEach((label, index) => expect(scoreOf(result, label)).toBeCloseTo(expected[index]!, 6));
    expect(classifier.timings().passes).toBe(groups.length);
  });

  it('reports truncation, and chunks long texts into windows on request', async () => {
    const long = Array.from({ length: 60 }, (_, index) => (index % 2 === 0 ? 'the game' : 'music')).join(' ');
    const truncated = await classifier.classify(long, labels);
    expect(truncated.truncated).toBe(true);
    classifier.timings({ reset: true });
    const chunked = await classifier.classify(long, labels, { longText: 'chunk', chunkTokens: 20, strideTokens: 5 });
    expect(chunked.truncated).toBe(false);
    expect(classifier.timings().passes).toBeGreaterThan(3);
    expect(chunked.scores.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 6);
  });

  it('rejects bad input with InvalidArgumentError naming the value', async () => {
    await expect(classifier.classify('text', [])).rejects.toThrow(InvalidArgumentError);
    await expect(classifier.classify('text', ['sports', 'sports'])).rejects.toThrow(/labels\[1\]/);
    await expect(classifier.classify('text', ['sports', 'Sports'])).rejects.toThrow(InvalidArgumentError);
    await expect(classifier.classify('text', ['sports'], { topK: -1 })).rejects.toThrow(/topK/);
    await expect(classifier.classify(['a', 'b'], [['x'], ['y'], ['z']])).rejects.toThrow(/3 label lists for 2 texts/);
  });
});

describe('ZeroShotClassifier loading', () => {
  let directory: string;
  beforeAll(async () => {
    directory = await buildRandomModel({ encoder: 'use-lite', seed: 3, quantize: true });
  });
  afterAll(async () => {
    await rm(directory, { recursive: true, force: true });
  });

  it('loads the int8 model with quantized: true and reads the graph inputs (use-lite, cls pooling: no token_type_ids)', async () => {
    const fp32 = await ZeroShotClassifier.fromPretrained(directory);
    const int8 = await ZeroShotClassifier.fromPretrained(directory, { quantized: true });
    try {
      expect(int8.modelPath).toMatch(/model_quantized\.onnx$/);
      expect(fp32.inputNames).not.toContain('token_type_ids');
      const [a, b] = [await fp32.classify(texts[1]!, labels), await int8.classify(texts[1]!, labels)];
      for (const label of labels) expect(Math.abs(scoreOf(a, label) - scoreOf(b, label))).toBeLessThan(0.05);
    } finally {
      await fp32.dispose();
      await int8.dispose();
    }
  });

  it('lists what a model directory lacks', async () => {
    await rm(join(directory, 'onnx', 'model_quantized.onnx'));
    const error = await ZeroShotClassifier.fromPretrained(directory, { quantized: true }).catch((caught: unknown) => caught);
    expect(ModelLoadError.isInstance(error)).toBe(true);
    expect(String(error)).toMatch(/model_quantized\.onnx is missing/);
  });

  it('refuses to classify after dispose', async () => {
    const classifier = await ZeroShotClassifier.fromPretrained(directory);
    await classifier.dispose();
    await expect(classifier.classify('x', ['y'])).rejects.toThrow(/disposed/);
  });
});

describe('hypothesis_template', () => {
  it('puts every label through config.json hypothesis_template: the same scores as passing the rendered labels', async () => {
    const directory = await buildRandomModel({ encoder: 'bert', seed: 11, quantize: false });
    const configPath = join(directory, 'config.json');
    const config = JSON.parse(await readFile(configPath, 'utf8')) as { gliznet: Record<string, unknown> };
    const plain = await ZeroShotClassifier.fromPretrained(directory, { threads: 1 });
    const rendered = labels.map((label) => `this is about ${label} .`);
    const expected = await plain.classify(texts[1]!, rendered, { labelOrder: 'as-given' });
    const bare = await plain.classify(texts[1]!, labels, { labelOrder: 'as-given' });
    await plain.dispose();
    await writeFile(configPath, JSON.stringify({ ...config, gliznet: { ...config.gliznet, hypothesis_template: 'this is about {label} .' } }));
    const templated = await ZeroShotClassifier.fromPretrained(directory, { threads: 1 });
    try {
      const result = await templated.classify(texts[1]!, labels, { labelOrder: 'as-given' });
      expect([...result.labels].sort()).toEqual([...labels].sort());
      labels.forEach((label, index) => expect(scoreOf(result, label)).toBeCloseTo(scoreOf(expected, rendered[index]!), 5));
      // The template changes what the model reads: the scores differ from the bare labels'.
      expect(Math.max(...labels.map((label) => Math.abs(scoreOf(result, label) - scoreOf(bare, label))))).toBeGreaterThan(1e-3);
      // A caller's template overrides the config's; a bad one is named.
      const overridden = await ZeroShotClassifier.fromPretrained(directory, { threads: 1, hypothesisTemplate: '{label}' });
      const overriddenResult = await overridden.classify(texts[1]!, labels, { labelOrder: 'as-given' });
      await overridden.dispose();
      labels.forEach((label) => expect(scoreOf(overriddenResult, label)).toBeCloseTo(scoreOf(bare, label), 5));
      await expect(ZeroShotClassifier.fromPretrained(directory, { hypothesisTemplate: 'no placeholder' })).rejects.toThrow(/options.hypothesisTemplate must be a string containing "\{label\}"/);
    } finally {
      await templated.dispose();
      await rm(directory, { recursive: true, force: true });
    }
  });
});

describe('ZeroShotClassifier on a cross-encoder model', () => {
  it('scores one pair per label, same result shape', async () => {
    const directory = await buildRandomModel({ encoder: 'bert', architecture: 'cross-encoder', seed: 5, quantize: false });
    const tokenizer = await GliznetTokenizer.fromDirectory(directory);
    const session = await OnnxSession.create(join(directory, 'onnx', 'model.onnx'));
    const classifier = await ZeroShotClassifier.fromPretrained(directory);
    try {
      const logits: number[] = [];
      for (const label of labels) {
        const pair = await tokenizer.encodePair(texts[0]!, label);
        const dims = [1, pair.inputIds.length];
        const outputs = await session.run({ input_ids: { data: pair.inputIds, dims }, attention_mask: { data: pair.attentionMask, dims }, token_type_ids: { data: pair.tokenTypeIds, dims }, lmask: { data: pair.lmask, dims } });
        logits.push(outputs['logits']!.data[0]!);
      }
      const expected = softmax(logits);
      const result = await classifier.classify(texts[0]!, labels, { batchSize: 2 });
      labels.forEach((label, index) => expect(scoreOf(result, label)).toBeCloseTo(expected[index]!, 5));
      expect(classifier.timings().passes).toBe(labels.length);
    } finally {
      await classifier.dispose();
      await session.dispose();
      await rm(directory, { recursive: true, force: true });
    }
  });
});
