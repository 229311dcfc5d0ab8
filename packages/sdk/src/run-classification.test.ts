import { DEFAULT_GLIZNET_SETTINGS } from '@gliznet/common';
import { describe, expect, it } from 'vitest';
import { createPairRunner, createWordEncoder, createWordRunner, expectedLogitFor } from './__fixtures__/word-model.js';
import type { ClassifierTimings } from './classification-types.js';
import { resolveClassifyOptions, type ClassifyOptions } from './classify-options.js';
import { runClassification } from './run-classification.js';
import { sigmoid, softmax } from './scores.js';

const settings = { ...DEFAULT_GLIZNET_SETTINGS, maxLength: 64 };

function run(texts: string[], labelLists: string[][], options: ClassifyOptions = {}, extra: { architecture?: 'gliznet' | 'cross-encoder'; timings?: ClassifierTimings } = {}) {
  const encoder = createWordEncoder();
  const runner = extra.architecture === 'cross-encoder' ? createPairRunner() : createWordRunner();
  const results = runClassification({
    texts,
    labelLists,
    options: resolveClassifyOptions(options, settings),
    architecture: extra.architecture ?? 'gliznet',
    encoder,
    runner,
    ...(extra.timings === undefined ? {} : { timings: extra.timings }),
  });
  return { results, encoder, runner };
}

function expectedScores(text: string, labels: string[], multiLabel: boolean): Map<string, number> {
  const logits = labels.map((label) => expectedLogitFor(label, text));
  const scores = multiLabel ? logits.map(sigmoid) : softmax(logits);
  return new Map(labels.map((label, index) => [label, scores[index]!]));
}

describe('runClassification (GliZNet)', () => {
  const texts = ['the team won the cup final', 'shares fell on the stock market today after the report', 'rain'];
  const labels = ['sports', 'business news', 'weather'];

  it('scores every label with a softmax, sorted descending, in input order', async () => {
    const { results } = run(texts, texts.map(() => labels));
    const resolved = await results;
    expect(resolved.map((result) => result.text)).toEqual(texts);
    for (const result of resolved) {
      const expected = expectedScores(result.text, labels, false);
      expect([...result.labels].sort()).toEqual([...labels].sort());
      result.labels.forEach((label, index) => expect(result.scores[index]).toBeCloseTo(expected.get(label)!, 6));
      expect(result.scores).toEqual([...result.scores].sort((a, b) => b - a));
      expect(result.scores.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 6);
      expect(result.truncated).toBe(false);
    }
  });

  it('multi-label gives independent sigmoids filtered by the threshold', async () => {
    const [result] = await run([texts[0]!], [labels], { multiLabel: true, threshold: 0.01 }).results;
    const expected = expectedScores(texts[0]!, labels, true);
    const kept = labels.filter((label) => expected.get(label)! >= 0.01);
    expect([...result!.labels].sort()).toEqual(kept.sort());
    result!.labels.forEach((label, index) => expect(result!.scores[index]).toBeCloseTo(expected.get(label)!, 6));
  });

  it('1,000 labels are split into passes and merged exactly (softmax over the union)', async () => {
    const many = Array.from({ length: 1000 }, (_, index) => `label number ${index}`);
    const { results, encoder } = run([texts[1]!], [many], { batchSize: 8 });
    const [result] = await results;
    const passes = encoder.calls.encodeJoint.reduce((total, call) => total + call.texts.length, 0);
    expect(passes).toBeGreaterThan(50); // 4 tokens per label, 51 tokens of room beside the text
    expect(result!.labels).toHaveLength(1000);
    const expected = expectedScores(texts[1]!, many, false);
    result!.labels.forEach((label, index) => expect(result!.scores[index]).toBeCloseTo(expected.get(label)!, 9));
    expect(result!.scores.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 6);
    expect(result!.labels.slice(0, 5)).toEqual([...expected.entries()].sort((a, b) => b[1] - a[1] || many.indexOf(a[0]) - many.indexOf(b[0])).slice(0, 5).map(([label]) => label));
  });

  it('maxLabelsPerPass splits label lists into smaller passes with the same merged scores', async () => {
    const many = Array.from({ length: 30 }, (_, index) => `label ${index}`);
    const { results, encoder } = run([texts[0]!], [many], { maxLabelsPerPass: 4 });
    const [result] = await results;
    const passes = encoder.calls.encodeJoint.flatMap((call) => call.labels);
    // The window fits the 30 labels in two passes; the cap splits each into four near-equal passes.
    expect(passes.map((labelsOfPass) => labelsOfPass.length).sort()).toEqual([3, 3, 4, 4, 4, 4, 4, 4]);
    expect(passes.flat().sort()).toEqual([...many].sort());
    const expected = expectedScores(texts[0]!, many, false);
    result!.labels.forEach((label, index) => expect(result!.scores[index]).toBeCloseTo(expected.get(label)!, 9));
    expect(() => resolveClassifyOptions({ maxLabelsPerPass: 0 }, settings)).toThrow(/maxLabelsPerPass must be a positive integer, got 0/);
  });

  it('labelOrder canonical reads the labels sorted, whatever order they come in, and scores each one', async () => {
    const many = Array.from({ length: 30 }, (_, index) => `label ${String(index).padStart(2, '0')}`);
    const shuffled = [...many].reverse();
    const first = run([texts[0]!], [many], { labelOrder: 'canonical', maxLabelsPerPass: 7 });
    const second = run([texts[0]!], [shuffled], { labelOrder: 'canonical', maxLabelsPerPass: 7 });
    const [a] = await first.results;
    const [b] = await second.results;
    const passesOf = (calls: { labels: string[][] }[]) => calls.flatMap((call) => call.labels).map((labels) => labels.join('|')).sort();
    expect(passesOf(second.encoder.calls.encodeJoint)).toEqual(passesOf(first.encoder.calls.encodeJoint));
    for (const labels of first.encoder.calls.encodeJoint.flatMap((call) => call.labels)) expect(labels).toEqual([...labels].sort());
    expect(b!.labels).toEqual(a!.labels);
    b!.scores.forEach((score, index) => expect(score).toBeCloseTo(a!.scores[index]!, 12)); // softmax sums in another order
    // The default is canonical; as given, the reversed list is read reversed.
    const byDefault = run([texts[0]!], [shuffled], { maxLabelsPerPass: 7 });
    await byDefault.results;
    expect(passesOf(byDefault.encoder.calls.encodeJoint)).toEqual(passesOf(first.encoder.calls.encodeJoint));
    const asGiven = run([texts[0]!], [shuffled], { maxLabelsPerPass: 7, labelOrder: 'as-given' });
    await asGiven.results;
    expect(asGiven.encoder.calls.encodeJoint.flatMap((call) => call.labels).some((labels) => labels[0]! > labels[1]!)).toBe(true);
    expect(() => resolveClassifyOptions({ labelOrder: 'sorted' as never }, settings)).toThrow(/labelOrder must be "as-given" or "canonical", got "sorted"/);
  });

  it('every pass of a text reads the same text, cut to what any chunk leaves room for, whatever the label order', async () => {
    // 50 words of text; labels of 1 to 4 words, at most 5 per pass: passes of 10 to 25 tokens in a 64-token window.
    const long = Array.from({ length: 50 }, (_, index) => `w${index}`).join(' ');
    const many = Array.from({ length: 20 }, (_, index) => Array.from({ length: 1 + (index % 4) }, (_, word) => `l${index}x${word}`).join(' '));
    const cap = 31; // sharedTextTokens: floor((64 - 2) / 2)
    const expected = softmax(many.map((label) => expectedLogitFor(label, long, { maxTextTokens: cap })));
    for (const order of [many, [...many].reverse(), [...many.slice(7), ...many.slice(0, 7)]]) {
      const { results, encoder } = run([long], [order], { maxLabelsPerPass: 5, labelOrder: 'as-given' });
      const [result] = await results;
      expect(encoder.calls.encodeJoint.flatMap((call) => call.labels).length).toBeGreaterThan(1);
      // (Labels with equal scores rank in input order, so compare label by label.)
      result!.labels.forEach((label, index) => expect(result!.scores[index]).toBeCloseTo(expected[many.indexOf(label)]!, 9));
      expect(result!.truncated).toBe(true);
    }
    // One pass keeps all the text that fits beside its labels.
    const [single] = await run([long], [many.slice(0, 3)], { labelOrder: 'as-given' }).results;
    const room = 64 - 2 - (1 + 2 + 3 + 3); // label words plus one separator each
    const singleExpected = softmax(many.slice(0, 3).map((label) => expectedLogitFor(label, long, { maxTextTokens: room })));
    single!.labels.forEach((label, index) => expect(single!.scores[index]).toBeCloseTo(singleExpected[many.indexOf(label)]!, 9));
  });

  it('per-text label lists, topK and batching by length', async () => {
    const lists = [['sports', 'politics'], ['stocks', 'bonds', 'gold', 'oil'], ['weather']];
    const { results, runner } = run(texts, lists, { topK: 2, batchSize: 2 });
    const resolved = await results;
    expect(resolved.map((result) => result.labels.length)).toEqual([2, 2, 1]);
    resolved.forEach((result, index) => {
      const expected = expectedScores(texts[index]!, lists[index]!, lists[index]!.length === 1); // one label: an independent (sigmoid) score
      result.labels.forEach((label, position) => expect(result.scores[position]).toBeCloseTo(expected.get(label)!, 6));
    });
    // the two longest texts share the first batch; the short one pads alone
    expect((runner as ReturnType<typeof createWordRunner>).batchShapes.map(([batch]) => batch)).toEqual([2, 1]);
  });

  it('reports truncation, and chunking a long text aggregates windows (mean logit / max)', async () => {
    const long = Array.from({ length: 120 }, (_, index) => `w${index}`).join(' ');
    const [truncated] = await run([long], [labels]).results;
    expect(truncated!.truncated).toBe(true);

    const timings: ClassifierTimings = { tokenizationMs: 0, inferenceMs: 0, postprocessingMs: 0, batches: 0, passes: 0 };
    const { results, encoder } = run([long], [labels], { longText: 'chunk', chunkTokens: 40, strideTokens: 10 }, { timings });
    const [chunked] = await results;
    expect(chunked!.truncated).toBe(false);
    const windowTexts = encoder.calls.encodeJoint.flatMap((call) => call.texts);
    expect(windowTexts).toHaveLength(4); // starts 0, 30, 60, 90 (ends at 120)
    const meanLogits = labels.map((label) => windowTexts.reduce((sum, window) => sum + expectedLogitFor(label, window), 0) / windowTexts.length);
    const expected = softmax(meanLogits);
    chunked!.labels.forEach((label, index) => expect(chunked!.scores[index]).toBeCloseTo(expected[labels.indexOf(label)]!, 6));
    expect(timings.passes).toBe(4);
    expect(timings.batches).toBe(1);

    const [multi] = await run([long], [labels], { longText: 'chunk', chunkTokens: 40, strideTokens: 10, multiLabel: true, threshold: 0 }).results;
    const maxProbabilities = labels.map((label) => Math.max(...windowTexts.map((window) => sigmoid(expectedLogitFor(label, window)))));
    multi!.labels.forEach((label, index) => expect(multi!.scores[index]).toBeCloseTo(maxProbabilities[labels.indexOf(label)]!, 6));
  });
});

describe('runClassification (cross-encoder)', () => {
  it('runs one pair per label and returns the same result shape', async () => {
    const text = 'the team won the cup final';
    const labels = ['sports', 'business news', 'weather', 'science'];
    const { results, encoder } = run([text, 'another text here'], [labels, labels], { batchSize: 3 }, { architecture: 'cross-encoder' });
    const resolved = await results;
    expect(encoder.calls.encodePairs.flatMap((call) => call.labels)).toHaveLength(8);
    const expected = expectedScores(text, labels, false);
    expect(resolved[0]!.labels).toHaveLength(4);
    resolved[0]!.labels.forEach((label, index) => expect(resolved[0]!.scores[index]).toBeCloseTo(expected.get(label)!, 6));
  });
});
