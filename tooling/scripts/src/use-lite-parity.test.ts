/**
 * Id parity of the bundled USE-Lite tokenizer.json (loaded by @gliznet/tokenizer through Hugging Face
 * `tokenizers`) with the reference tokenizer of `@energetic-ai/embeddings`, on real sentences.
 */
import { GliznetTokenizer } from '@gliznet/tokenizer';
import { beforeAll, describe, expect, it } from 'vitest';
import { readDatasetTexts } from './read-dataset-texts.js';
import { readUseLiteVocabulary } from './tokenizer-sources.js';
import { createReferenceUseLiteTokenizer, segmentationScore, type ReferenceTokenizer } from './use-lite-reference.js';
import type { UseLiteVocabularyEntry } from './use-lite-tokenizer-json.js';

function sameIds(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((id, index) => id === b[index]);
}

describe('USE-Lite tokenizer.json parity with @energetic-ai/embeddings', () => {
  let vocabulary: UseLiteVocabularyEntry[];
  let reference: ReferenceTokenizer;
  let tokenizer: GliznetTokenizer;
  beforeAll(async () => {
    vocabulary = await readUseLiteVocabulary();
    reference = createReferenceUseLiteTokenizer(vocabulary);
    tokenizer = await GliznetTokenizer.bundled('use-lite');
  });

  it('matches on >= 99.5% of 1,500 dataset sentences, every difference an equal-score tie', async () => {
    const texts = await readDatasetTexts({ perFile: 300 });
    expect(texts.length).toBeGreaterThanOrEqual(1500);
    const ours = await tokenizer.encodeTexts(texts);
    const differences: { text: string; reference: number[]; ours: number[]; referenceScore: number; ourScore: number }[] = [];
    for (const [index, text] of texts.entries()) {
      const expected = reference.encode(text);
      const actual = ours[index]!.ids;
      if (!sameIds(expected, actual)) {
        differences.push({ text, reference: expected, ours: actual, referenceScore: segmentationScore(expected, vocabulary), ourScore: segmentationScore(actual, vocabulary) });
      }
    }
    const identical = texts.length - differences.length;
    expect(identical / texts.length).toBeGreaterThanOrEqual(0.995);
    for (const difference of differences) {
      // A tie: both segmentations have the same total log-probability (up to summation order).
      expect(Math.abs(difference.referenceScore - difference.ourScore), difference.text).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(difference.referenceScore)));
    }
  });

  it('reproduces the vocabulary oddities and edge cases', async () => {
    const cases = [
      ': as the text starts', // zero-score "▁:" at the start loses to "▁" ":" in the reference search
      ':) hello',
      ':-) :( fine',
      'time is 12:30 now', // ":30" has score +30
      'a ”5 b', // "”5" is listed three times; the last id wins
      'Mmmm', // a known tie; the reference keeps the later candidate
      '  leading and trailing spaces  ',
      'Tab\tand\nnewline',
      'NFKC: ﬁve ① ｆｕｌｌ',
      'emoji 😀😀 and ☃ unknown',
      '\uFFFD\uFFFDx',
      '[CLS] [SEP] <s> </s> extra_token_id_1',
    ];
    const ours = await tokenizer.encodeTexts(cases);
    for (const [index, text] of cases.entries()) {
      const expected = reference.encode(text);
      const actual = ours[index]!.ids;
      if (text === 'Mmmm') {
        expect(segmentationScore(actual, vocabulary)).toBeCloseTo(segmentationScore(expected, vocabulary), 9);
      } else {
        expect(actual, JSON.stringify(text)).toEqual(expected);
      }
    }
  });
});
