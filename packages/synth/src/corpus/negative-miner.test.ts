import { describe, expect, it } from 'vitest';
import { trigramEmbedder } from '../__fixtures__/test-helpers.js';
import { createRandom } from '../random.js';
import { LabelSimilarity } from './label-similarity.js';
import { NegativeMiner, DEFAULT_NEGATIVE_MINING, sharesContentWord } from './negative-miner.js';
import type { Corpus } from './read-corpus.js';

function corpus(name: string, rows: { labels: string[]; group?: string; task?: string }[]): Corpus {
  return { name, file: `${name}.jsonl`, problems: [], descriptions: new Map(), rows: rows.map((row, index) => ({ text: `${name} ${index}`, line: index + 1, ...row })) };
}

describe('sharesContentWord', () => {
  it('matches labels naming the same thing differently, not function words', () => {
    expect(sharesContentWord('reserve restaurant', 'restaurant reservation')).toBe(true);
    expect(sharesContentWord('car rental', 'reserve car')).toBe(true);
    expect(sharesContentWord('reserve hotel', 'hotel reservation')).toBe(true);
    expect(sharesContentWord('turn off the lights', 'the news')).toBe(false);
    expect(sharesContentWord('joy', 'stock price')).toBe(false);
  });
});

describe('NegativeMiner', () => {
  it('ranks same-corpus labels by similarity with a bonus for the same group, and draws safe random negatives', async () => {
    const corpora = [
      corpus('intents', [
        { labels: ['play music'], group: 'media' },
        { labels: ['play radio'], group: 'media' },
        { labels: ['play podcast'], group: 'media' },
        { labels: ['pay bill'], group: 'banking' },
      ]),
      corpus('other', [{ labels: ['music genre'] }, { labels: ['joy'] }, { labels: ['sadness'] }, { labels: ['anger'] }]),
    ];
    const labels = ['play music', 'play radio', 'play podcast', 'pay bill', 'music genre', 'joy', 'sadness', 'anger'];
    const similarity = new LabelSimilarity(labels, await trigramEmbedder().embed(labels));
    const miner = new NegativeMiner(corpora, similarity, { ...DEFAULT_NEGATIVE_MINING, randomNegatives: 3, falseNegativeSimilarity: 0.99 });
    const ranked = miner.rankHardCandidates('intents', { labels: ['play music'], group: 'media' });
    expect(ranked.map((candidate) => candidate.label).slice(0, 2).sort()).toEqual(['play podcast', 'play radio']);
    expect(ranked[ranked.length - 1]?.label).toBe('pay bill');
    const mined = miner.mine('intents', { labels: ['play music'], group: 'media' }, createRandom(1));
    // "music genre" shares a word with the positive: never a random negative.
    expect(mined.random.sort()).toEqual(['anger', 'joy', 'sadness']);
    expect(mined.hard).not.toContain('play music');
  });

  it('keeps a corpus with tasks apart: hard negatives only from the row\'s own task', async () => {
    const corpora = [
      corpus('tweets', [
        { labels: ['hate speech'], task: 'hate' },
        { labels: ['not hate speech'], task: 'hate' },
        { labels: ['ironic'], task: 'irony' },
        { labels: ['not ironic'], task: 'irony' },
        { labels: ['negative'], task: 'sentiment' },
        { labels: ['positive'], task: 'sentiment' },
        { labels: ['neutral'], task: 'sentiment' },
      ]),
    ];
    const labels = ['hate speech', 'not hate speech', 'ironic', 'not ironic', 'negative', 'positive', 'neutral'];
    const similarity = new LabelSimilarity(labels, await trigramEmbedder().embed(labels));
    const miner = new NegativeMiner(corpora, similarity, { ...DEFAULT_NEGATIVE_MINING, randomNegatives: 0 });
    expect(miner.rankHardCandidates('tweets', { labels: ['negative'], task: 'sentiment' }).map((candidate) => candidate.label).sort()).toEqual(['neutral', 'positive']);
    for (let seed = 0; seed < 20; seed++) {
      expect(miner.mine('tweets', { labels: ['ironic'], task: 'irony' }, createRandom(seed)).hard).toEqual(['not ironic']);
    }
    expect(miner.isOwnLabelFor('tweets', 'ironic', { task: 'hate' })).toBe(false);
    expect(miner.isOwnLabelFor('tweets', 'ironic', { task: 'irony' })).toBe(true);
  });
});
