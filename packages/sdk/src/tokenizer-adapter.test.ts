import { GliznetTokenizer } from '@gliznet/tokenizer';
import { beforeAll, describe, expect, it } from 'vitest';
import { groupsToIndexRanges, labelsFitInOneWindow } from './tokenizer-adapter.js';

let tokenizer: GliznetTokenizer;
beforeAll(async () => {
  tokenizer = await GliznetTokenizer.bundled('use-lite');
});

describe('labelsFitInOneWindow', () => {
  it('agrees with planLabelChunks: when it says yes, planning gives one chunk for any text', async () => {
    const texts = ['short', 'A somewhat longer text about markets, football and the weather in the north of the country.', Array.from({ length: 300 }, () => 'word').join(' ')];
    const labelSets = [
      ['sports', 'business'],
      ['world politics', 'sports', 'business', 'science and technology', 'search and rescue', 'evacuation', 'infrastructure', 'utilities', 'water supply', 'shelter'],
      Array.from({ length: 40 }, (_, index) => `category number ${index}`),
      Array.from({ length: 12 }, (_, index) => `a rather long label describing topic ${index}`),
    ];
    let agreedYes = 0;
    let agreedNo = 0;
    for (const maxLength of [32, 64, 128, 256]) {
      for (const labels of labelSets) {
        const fits = await labelsFitInOneWindow(tokenizer, labels, maxLength);
        const chunkCounts = await Promise.all(texts.map(async (text) => (await tokenizer.planLabelChunks(text, labels, { maxLength }).catch(() => [[], []])).length));
        if (fits) {
          expect(chunkCounts, `maxLength ${maxLength}, ${labels.length} labels`).toEqual(texts.map(() => 1));
          agreedYes += 1;
        } else {
          // the longest text must need more than one chunk (otherwise the shortcut is too cautious)
          expect(chunkCounts[2], `maxLength ${maxLength}, ${labels.length} labels`).toBeGreaterThan(1);
          agreedNo += 1;
        }
      }
    }
    expect(agreedYes).toBeGreaterThan(3);
    expect(agreedNo).toBeGreaterThan(3);
  });
});

describe('groupsToIndexRanges', () => {
  it('maps consecutive label groups to index lists and checks coverage', () => {
    expect(groupsToIndexRanges(['a', 'b', 'c'], [['a', 'b'], ['c']])).toEqual([[0, 1], [2]]);
    expect(() => groupsToIndexRanges(['a', 'b', 'c'], [['a']])).toThrow(/cover 1 labels, expected 3/);
  });
});
