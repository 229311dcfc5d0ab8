import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DataFormatError } from '@gliznet/common';
import { makeTempDirectory, trigramEmbedder, writeCorpus, writeSmallCorpora } from '../__fixtures__/test-helpers.js';
import { readRecordFile } from '../records/read-records.js';
import type { TrainingRecord } from '../records/record.js';
import { buildCorpusDataset, type BuildCorpusOptions } from './build-corpus-dataset.js';
import { sharesContentWord } from './negative-miner.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

async function setup(): Promise<{ corpora: string; out: string }> {
  const { directory, cleanup } = await makeTempDirectory();
  cleanups.push(cleanup);
  const corpora = join(directory, 'corpora');
  await writeSmallCorpora(corpora);
  return { corpora, out: join(directory, 'build') };
}

function options(corpora: string, out: string, extra: Partial<BuildCorpusOptions> = {}): BuildCorpusOptions {
  return {
    corpora,
    outFile: join(out, 'train.jsonl'),
    seed: 7,
    trainSize: 300,
    validationFraction: 0.1,
    maxCorpusShare: 1,
    embedder: trigramEmbedder(),
    ...extra,
  };
}

async function records(file: string): Promise<TrainingRecord[]> {
  return (await readRecordFile(file)).records;
}

describe('buildCorpusDataset', () => {
  it('is deterministic given the seed and changes with it', async () => {
    const { corpora, out } = await setup();
    await buildCorpusDataset(options(corpora, join(out, 'a')));
    await buildCorpusDataset(options(corpora, join(out, 'b')));
    await buildCorpusDataset(options(corpora, join(out, 'c'), { seed: 8 }));
    const first = await readFile(join(out, 'a', 'train.jsonl'), 'utf8');
    expect(await readFile(join(out, 'b', 'train.jsonl'), 'utf8')).toBe(first);
    expect(await readFile(join(out, 'b', 'val.jsonl'), 'utf8')).toBe(await readFile(join(out, 'a', 'val.jsonl'), 'utf8'));
    expect(await readFile(join(out, 'c', 'train.jsonl'), 'utf8')).not.toBe(first);
  });

  it('writes valid records: positives never negatives, hard negatives from the same corpus, closest first', async () => {
    const { corpora, out } = await setup();
    const report = await buildCorpusDataset(options(corpora, out, { negatives: { hardNegatives: { min: 1, max: 1 }, hardNegativePoolExtra: 0 } }));
    const train = await records(report.files.train);
    expect(train).toHaveLength(300);
    const intentLabels = new Set(['play music', 'play radio', 'play podcast', 'check balance', 'transfer money', 'pay bill', 'set alarm', 'remove alarm']);
    for (const record of train) {
      const negatives = record.negatives ?? [];
      expect(negatives.filter((label) => record.labels.includes(label))).toEqual([]);
      expect(new Set(negatives).size).toBe(negatives.length);
      const hard = negatives.slice(0, record.meta?.hardNegatives as number);
      const random = negatives.slice(record.meta?.hardNegatives as number);
      for (const label of random) expect(record.labels.some((positive) => sharesContentWord(label, positive)), label).toBe(false);
      if (record.source === 'intents') {
        expect(hard.every((label) => intentLabels.has(label))).toBe(true);
        expect(random.some((label) => intentLabels.has(label))).toBe(false);
      }
      if (record.source === 'intents' && record.labels[0] === 'play music') expect(hard).toEqual(['play radio']);
      if (record.source === 'intents' && record.labels[0] === 'set alarm') expect(hard).toEqual(['remove alarm']);
    }
    expect(train.filter((record) => record.source === 'intents' && record.labels[0] === 'play music').length).toBeGreaterThan(0);
  });

  it('keeps all positives of multi-label rows and turns out-of-scope rows into rows without positives', async () => {
    const { corpora, out } = await setup();
    const report = await buildCorpusDataset(options(corpora, out, { trainSize: 2000 }));
    const all = [...(await records(report.files.train)), ...(await records(report.files.validation))];
    const multi = all.find((record) => record.text === 'feeling text 0 about joy and anger');
    expect(multi?.labels).toEqual(['joy', 'anger']);
    const outOfScope = all.filter((record) => record.text.startsWith('something unrelated'));
    expect(outOfScope).toHaveLength(10);
    expect(outOfScope.every((record) => record.labels.length === 0 && (record.negatives?.length ?? 0) >= 3)).toBe(true);
    expect(all.some((record) => record.labels.includes('out of scope') || record.negatives?.includes('out of scope'))).toBe(false);
  });

  it('holds out a validation split disjoint from training, from every corpus', async () => {
    const { corpora, out } = await setup();
    const report = await buildCorpusDataset(options(corpora, out));
    const train = await records(report.files.train);
    const validation = await records(report.files.validation);
    expect(validation.length).toBe(report.corpora.reduce((sum, corpus) => sum + corpus.validation, 0));
    expect(validation.length).toBeGreaterThan(0);
    const trainTexts = new Set(train.map((record) => record.text));
    expect(validation.filter((record) => trainTexts.has(record.text))).toEqual([]);
    expect(new Set(validation.map((record) => record.source))).toEqual(new Set(['intents', 'emotions', 'spam']));
  });

  it('enforces the cross-role rule: every positive label is also a negative somewhere', async () => {
    const { corpora, out } = await setup();
    // No mined negatives at all: every label has to be placed by the cross-role pass.
    const report = await buildCorpusDataset(
      options(corpora, out, { crossRoleMinimum: 2, negatives: { hardNegatives: { min: 0, max: 0 }, randomNegatives: 0 } }),
    );
    const train = await records(report.files.train);
    const negativeCounts = new Map<string, number>();
    for (const record of train) for (const label of record.negatives ?? []) negativeCounts.set(label, (negativeCounts.get(label) ?? 0) + 1);
    const positives = new Set(train.flatMap((record) => record.labels));
    for (const label of positives) expect(negativeCounts.get(label) ?? 0, label).toBeGreaterThanOrEqual(2);
    expect(report.crossRole.repairedLabels).toHaveLength(positives.size);
    expect(report.crossRole.insertions).toBe(2 * positives.size);
    for (const record of train) expect((record.negatives ?? []).filter((label) => record.labels.includes(label))).toEqual([]);
    expect(report.train.positiveOnlyLabels).toEqual([]);
  });

  it('applies caps, weights and the maximum corpus share', async () => {
    const { corpora, out } = await setup();
    const report = await buildCorpusDataset(
      options(corpora, out, { trainSize: 10_000, validationFraction: 0, corpusSettings: { emotions: { cap: 25 }, spam: { exclude: true } } }),
    );
    const byName = Object.fromEntries(report.corpora.map((corpus) => [corpus.name, corpus]));
    expect(byName.emotions?.selected).toBe(25);
    expect(byName.spam).toBeUndefined();
    expect(byName.intents?.selected).toBe(250); // every row of the corpus: 240 intents + 10 out of scope
    const shared = await buildCorpusDataset(options(corpora, join(out, 'share'), { trainSize: 200, validationFraction: 0, maxCorpusShare: 0.3 }));
    for (const corpus of shared.corpora) expect(corpus.selected).toBeLessThanOrEqual(60);
  });

  it('deduplicates texts: labels merged inside a corpus, later corpora lose cross-corpus copies', async () => {
    const { directory, cleanup } = await makeTempDirectory();
    cleanups.push(cleanup);
    const corpora = join(directory, 'corpora');
    await writeCorpus(corpora, 'a', [
      { text: 'Same text', labels: ['alpha'] },
      { text: 'same   TEXT', labels: ['beta'] },
      { text: 'only in a', labels: ['beta'] },
    ]);
    await writeCorpus(corpora, 'b', [
      { text: 'same text', labels: ['gamma'] },
      { text: 'only in b', labels: ['delta'] },
      { text: 'also only in b', labels: ['gamma'] },
    ]);
    const report = await buildCorpusDataset(options(corpora, join(directory, 'out'), { validationFraction: 0 }));
    const train = await records(report.files.train);
    expect(train).toHaveLength(4);
    expect(train.find((record) => record.text === 'Same text')?.labels).toEqual(['alpha', 'beta']);
    expect(report.corpora.map((corpus) => [corpus.name, corpus.duplicatesMerged, corpus.crossCorpusDuplicates])).toEqual([
      ['a', 1, 0],
      ['b', 0, 1],
    ]);
    expect(report.train.duplicateTexts).toBe(0);
  });

  it('uses label descriptions when a corpus has them', async () => {
    const { directory, cleanup } = await makeTempDirectory();
    cleanups.push(cleanup);
    const corpora = join(directory, 'corpora');
    const descriptions = {
      FindBus: { readable: 'find bus', descriptions: { Buses_1: 'Find a bus journey between cities' } },
      BuyBusTicket: { readable: 'buy bus ticket', descriptions: { Buses_1: 'Buy tickets for a bus journey' } },
    };
    const rows = Array.from({ length: 20 }, (_, index) => ({ text: `bus request ${index}`, labels: [index % 2 ? 'find bus' : 'buy bus ticket'], service: ['buses'] }));
    await writeCorpus(corpora, 'sgd', rows, { 'label_descriptions.json': JSON.stringify(descriptions) });
    await writeCorpus(corpora, 'other', [{ text: 'hello', labels: ['greeting'] }]);
    const report = await buildCorpusDataset(options(corpora, join(directory, 'out'), { descriptionRate: 1, validationFraction: 0 }));
    const train = (await records(report.files.train)).filter((record) => record.source === 'sgd');
    expect(train).toHaveLength(20);
    for (const record of train) {
      expect(['Find a bus journey between cities', 'Buy tickets for a bus journey']).toContain(record.labels[0]);
      expect(record.meta?.labelForm).toBe('description');
      expect(record.negatives?.[0]).not.toBe(record.labels[0]);
    }
  });

  it('turns a share of star-rated rows into fine-grained sentiment records, other ratings as negatives', async () => {
    const { corpora, out } = await setup();
    const stars = [1, 2, 4, 5];
    const reviews = Array.from({ length: 80 }, (_, index) => {
      const rating = stars[index % 4] as number;
      return { text: `review ${index} with ${rating} stars`, labels: [rating > 3 ? 'positive' : 'negative'], rating, domain: index % 2 ? 'books' : 'kitchen' };
    });
    await writeCorpus(corpora, 'reviews', reviews);
    const plain = await buildCorpusDataset(options(corpora, join(out, 'plain')));
    expect(plain.corpora.every((corpus) => corpus.ratingRecords === 0)).toBe(true);

    const report = await buildCorpusDataset(options(corpora, join(out, 'ratings'), { ratingLabelRate: 0.5 }));
    const all = [...(await records(report.files.train)), ...(await records(report.files.validation))];
    const rated = all.filter((record) => record.meta?.labelForm === 'rating');
    const reviewRecords = all.filter((record) => record.source === 'reviews');
    expect(rated.length).toBe(report.corpora.find((corpus) => corpus.name === 'reviews')?.ratingRecords);
    expect(rated.length / reviewRecords.length).toBeGreaterThan(0.3);
    expect(rated.length / reviewRecords.length).toBeLessThan(0.7);
    const byStars = new Map([[1, 'very negative'], [2, 'negative'], [4, 'positive'], [5, 'very positive']]);
    for (const record of rated) {
      expect(record.source).toBe('reviews');
      const rating = Number(/with (\d) stars/.exec(record.text)?.[1]);
      expect(record.labels).toEqual([byStars.get(rating)]);
      // The other three ratings of the corpus, and nothing from other corpora ("neutral" never occurs in it).
      expect(new Set(record.negatives)).toEqual(new Set([...byStars.values()].filter((label) => label !== record.labels[0])));
    }
    // The plain reviews keep their polarity labels.
    const polarity = reviewRecords.filter((record) => record.meta?.labelForm !== 'rating');
    expect(polarity.every((record) => record.labels.length === 1 && ['positive', 'negative'].includes(record.labels[0] as string))).toBe(true);
    await expect(buildCorpusDataset(options(corpora, join(out, 'bad'), { ratingLabelRate: -0.1 }))).rejects.toThrow('ratingLabelRate must be in [0, 1], got -0.1');
  });

  it('reports a row whose rating is not a 1-5 star rating', async () => {
    const { corpora, out } = await setup();
    await writeCorpus(corpora, 'reviews', [
      { text: 'fine', labels: ['positive'], rating: 4 },
      { text: 'odd', labels: ['positive'], rating: 7 },
      { text: 'also fine', labels: ['negative'], rating: '2' },
    ]);
    const report = await buildCorpusDataset(options(corpora, join(out, 'odd')));
    expect(report.problems.some((problem) => problem.endsWith(':2: "rating" must be a star rating, an integer from 1 to 5, got 7'))).toBe(true);
  });

  it('names the group instead of the intent in a share of grouped rows, with other groups as negatives', async () => {
    const { corpora, out } = await setup();
    const plain = await buildCorpusDataset(options(corpora, join(out, 'plain')));
    expect(plain.settings.groupLabelRate).toBe(0);
    expect(plain.corpora.every((corpus) => corpus.groupRecords === 0)).toBe(true);

    const report = await buildCorpusDataset(options(corpora, join(out, 'groups'), { groupLabelRate: 0.5 }));
    const all = [...(await records(report.files.train)), ...(await records(report.files.validation))];
    const grouped = all.filter((record) => record.meta?.labelForm === 'group');
    const groups = new Set(['media', 'banking', 'utility']);
    // Only the intents corpus has groups; its out-of-scope rows (group "oos", no positives) stay as they are.
    expect(grouped.length).toBe(report.corpora.find((corpus) => corpus.name === 'intents')?.groupRecords);
    const eligible = all.filter((record) => record.source === 'intents' && record.labels.length > 0).length;
    expect(grouped.length / eligible).toBeGreaterThan(0.35);
    expect(grouped.length / eligible).toBeLessThan(0.65);
    for (const record of grouped) {
      expect(record.source).toBe('intents');
      expect(record.labels).toHaveLength(1);
      expect(groups.has(record.labels[0] as string)).toBe(true);
      expect(record.labels[0]).toBe(record.meta?.group);
      expect(new Set(record.negatives)).toEqual(new Set([...groups].filter((group) => group !== record.labels[0])));
    }
    // Group names never appear in the other records, as positives or negatives.
    for (const record of all.filter((candidate) => candidate.meta?.labelForm !== 'group')) {
      expect([...record.labels, ...(record.negatives ?? [])].filter((label) => groups.has(label))).toEqual([]);
    }
    expect(all.filter((record) => record.text.startsWith('something unrelated')).every((record) => record.labels.length === 0)).toBe(true);
    await expect(buildCorpusDataset(options(corpora, join(out, 'bad'), { groupLabelRate: 1.5 }))).rejects.toThrow('groupLabelRate must be in [0, 1], got 1.5');
  });

  it('reports bad corpus lines with file and line, or stops on them, leaving earlier outputs intact', async () => {
    const { directory, cleanup } = await makeTempDirectory();
    cleanups.push(cleanup);
    const corpora = join(directory, 'corpora');
    await writeSmallCorpora(corpora);
    const file = join(corpora, 'spam', 'data.jsonl');
    const lines = (await readFile(file, 'utf8')).split('\n');
    lines.splice(2, 0, '{"text": "no labels"}', 'not json');
    await writeFile(file, lines.join('\n'));

    const out = join(directory, 'out');
    const report = await buildCorpusDataset(options(corpora, out));
    expect(report.problems).toEqual([`${file}:3: "labels" must be a non-empty array of strings`, expect.stringMatching(new RegExp(`^${file}:4: invalid JSON`))]);
    expect(report.corpora.find((corpus) => corpus.name === 'spam')?.invalidLines).toBe(2);

    const before = await readFile(join(out, 'train.jsonl'), 'utf8');
    const error = await buildCorpusDataset(options(corpora, out, { onInvalid: 'stop', seed: 99 })).catch((caught: unknown) => caught);
    expect(DataFormatError.isInstance(error)).toBe(true);
    expect((error as DataFormatError).line).toBe(3);
    expect((error as Error).message).toContain(`${file}:3`);
    expect(await readFile(join(out, 'train.jsonl'), 'utf8')).toBe(before);
  });

  it('needs an injected label embedder or sentence encoder (synth runs no model itself)', async () => {
    const { corpora, out } = await setup();
    const { embedder: _embedder, ...withoutEmbedder } = options(corpora, out);
    await expect(buildCorpusDataset(withoutEmbedder)).rejects.toThrow(/needs options\.sentenceEncoder .* or options\.embedder/);
  });

  it('writes the report beside the output', async () => {
    const { corpora, out } = await setup();
    const report = await buildCorpusDataset(options(corpora, out));
    const saved = JSON.parse(await readFile(join(out, 'report.json'), 'utf8')) as typeof report;
    expect(saved.train.records).toBe(300);
    expect(saved.corpora.map((corpus) => corpus.name)).toEqual(['emotions', 'intents', 'spam']);
    expect(saved.embeddings).toEqual({ modelVersion: 'test-trigrams-64', labels: 15 });
    expect(saved).toEqual(report);
  });
});
