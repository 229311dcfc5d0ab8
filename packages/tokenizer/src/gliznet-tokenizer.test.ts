import { createSeededRandom, InputTooLongError, InvalidArgumentError, ModelLoadError } from '@gliznet/common';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeTinyModelDirectory } from './__fixtures__/tiny-tokenizer.js';
import { GliznetTokenizer } from './gliznet-tokenizer.js';
import { planLabelChunks } from './plan-label-chunks.js';

// Ids of the tiny vocabulary (see __fixtures__/tiny-tokenizer.ts).
const ID = { pad: 0, unk: 1, cls: 2, sep: 3, mask: 4, the: 5, cat: 6, sat: 7, on: 8, mat: 9, dot: 10, semicolon: 11, bar: 12, a: 14, dog: 15, sports: 16, news: 17, politics: 18, animals: 19 };

async function tiny(options: Parameters<typeof writeTinyModelDirectory>[0] = {}, tokenizerOptions: Parameters<typeof GliznetTokenizer.fromDirectory>[1] = {}) {
  return GliznetTokenizer.fromDirectory(await writeTinyModelDirectory(options), tokenizerOptions);
}

async function expectInvalid(promise: Promise<unknown>, argument: string, message?: RegExp): Promise<InvalidArgumentError> {
  let error: unknown;
  try {
    await promise;
  } catch (caught) {
    error = caught;
  }
  expect(InvalidArgumentError.isInstance(error), `expected InvalidArgumentError for ${argument}, got ${String(error)}`).toBe(true);
  expect((error as InvalidArgumentError).argument).toBe(argument);
  if (message !== undefined) expect((error as Error).message).toMatch(message);
  return error as InvalidArgumentError;
}

describe('GliznetTokenizer.encode layout', () => {
  it('builds [CLS] text [SEP] l1 ; l2 [SEP] with lmask, token types and attention', async () => {
    const tokenizer = await tiny();
    const encoding = await tokenizer.encode('The cat sat on the mat.', ['sports news', 'animals']);
    expect([...encoding.inputIds]).toEqual([ID.cls, ID.the, ID.cat, ID.sat, ID.on, ID.the, ID.mat, ID.dot, ID.sep, ID.sports, ID.news, ID.semicolon, ID.animals, ID.sep]);
    expect([...encoding.lmask]).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 0, 2, 0]);
    expect([...encoding.tokenTypeIds]).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1]);
    expect([...encoding.attentionMask]).toEqual(new Array(14).fill(1));
    expect(encoding.tokens).toEqual(['[CLS]', 'the', 'cat', 'sat', 'on', 'the', 'mat', '.', '[SEP]', 'sports', 'news', ';', 'animals', '[SEP]']);
    expect(encoding.inputIds).toBeInstanceOf(Int32Array);
    expect(encoding.numLabels).toBe(2);
    expect(encoding.truncated).toBe(false);
    expect(encoding.textTokenCount).toBe(7);
  });

  it('numbers labels in the order given', async () => {
    const tokenizer = await tiny();
    const encoding = await tokenizer.encode('a dog', ['animals', 'politics', 'sports news']);
    const labelOf = (id: number) => encoding.lmask[[...encoding.inputIds].indexOf(id)];
    expect(labelOf(ID.animals)).toBe(1);
    expect(labelOf(ID.politics)).toBe(2);
    expect(labelOf(ID.sports)).toBe(3);
    expect(labelOf(ID.news)).toBe(3);
  });

  it('reads separator and max_length from config.json', async () => {
    const tokenizer = await tiny({ config: { model_type: 'bert', gliznet: { separator: '|', max_length: 12 } } });
    expect(tokenizer.separator).toBe('|');
    expect(tokenizer.separatorIds).toEqual([ID.bar]);
    expect(tokenizer.maxLength).toBe(12);
    const encoding = await tokenizer.encode('a dog', ['animals', 'politics']);
    expect([...encoding.inputIds]).toEqual([ID.cls, ID.a, ID.dog, ID.sep, ID.animals, ID.bar, ID.politics, ID.sep]);
    // ';' is an ordinary character when the separator is '|'.
    await expect(tokenizer.encode('a dog', ['animals; politics'])).resolves.toBeDefined();
    await expectInvalid(tokenizer.encode('a dog', ['animals | politics']), 'labels[0]', /separator/);
  });

  it('uses the defaults without config.json', async () => {
    const tokenizer = await tiny();
    expect(tokenizer.separator).toBe(';');
    expect(tokenizer.maxLength).toBe(256);
    expect(tokenizer.minTextTokens).toBe(8);
    expect([tokenizer.clsId, tokenizer.sepId, tokenizer.padId, tokenizer.maskId, tokenizer.unkId]).toEqual([ID.cls, ID.sep, ID.pad, ID.mask, ID.unk]);
  });
});

describe('truncation', () => {
  const longText = 'a dog is very long text and a cat sat on the mat'; // 13 tokens

  it('cuts the text, keeps every label and sets the flag', async () => {
    const tokenizer = await tiny();
    // 3 specials + sports(1) + ; + politics(1) = 6, so 10 text tokens fit in 16.
    const encoding = await tokenizer.encode(longText, ['sports', 'politics'], { maxLength: 16 });
    expect(encoding.inputIds.length).toBe(16);
    expect(encoding.truncated).toBe(true);
    expect(encoding.textTokenCount).toBe(10);
    expect(encoding.originalTextTokenCount).toBe(13);
    expect(encoding.tokens.slice(-4)).toEqual(['sports', ';', 'politics', '[SEP]']);
    expect(Math.max(...encoding.lmask)).toBe(2);
    const untouched = await tokenizer.encode(longText, ['sports', 'politics'], { maxLength: 19 });
    expect(untouched.truncated).toBe(false);
  });

  it('throws InputTooLongError saying how many labels fit when labels alone overflow', async () => {
    const tokenizer = await tiny();
    const labels = ['science and technology', 'sports news', 'politics', 'animals'];
    let error: unknown;
    try {
      await tokenizer.encode(longText, labels, { maxLength: 14 });
    } catch (caught) {
      error = caught;
    }
    expect(InputTooLongError.isInstance(error)).toBe(true);
    // 14 - 3 specials - 8 text = 3 tokens: only "science and technology" fits.
    expect((error as InputTooLongError).labelsThatFit).toBe(1);
    expect((error as Error).message).toMatch(/first 1 label\(s\) fit/);
    // 3 specials + 10 label tokens (7 + 3 separators) leave 2 text tokens in 15.
    await expect(tokenizer.encode(longText, labels, { maxLength: 15, minTextTokens: 2 })).resolves.toMatchObject({ truncated: true, textTokenCount: 2 });
  });
});

describe('planLabelChunks', () => {
  it('splits 320 labels into consecutive chunks that each encode without error', async () => {
    const tokenizer = await tiny();
    const labels = Array.from({ length: 320 }, (_, index) => `topic ${index}`);
    const text = 'a dog is very long text and a cat sat on the mat';
    const chunks = await tokenizer.planLabelChunks(text, labels, { maxLength: 64 });
    expect(chunks.length).toBeGreaterThan(5);
    expect(chunks.flat()).toEqual(labels);
    for (const chunk of chunks) {
      const encoding = await tokenizer.encode(text, chunk, { maxLength: 64 });
      expect(encoding.inputIds.length).toBeLessThanOrEqual(64);
      expect(Math.max(...encoding.lmask)).toBe(chunk.length);
    }
    await expect(tokenizer.encode(text, labels, { maxLength: 64 })).rejects.toThrow(InputTooLongError);
    expect(await planLabelChunks(tokenizer, text, labels, { maxLength: 64 })).toEqual(chunks);
  });

  it('returns one chunk when everything fits', async () => {
    const tokenizer = await tiny();
    expect(await tokenizer.planLabelChunks('a dog', ['animals', 'politics'])).toEqual([['animals', 'politics']]);
  });
});

describe('invalid input', () => {
  it('rejects empty or non-string text', async () => {
    const tokenizer = await tiny();
    await expectInvalid(tokenizer.encode('', ['animals']), 'text', /empty/);
    await expectInvalid(tokenizer.encode('   ', ['animals']), 'text', /empty/);
    await expectInvalid(tokenizer.encode(42 as unknown as string, ['animals']), 'text', /must be a string/);
    await expectInvalid(tokenizer.encode(null as unknown as string, ['animals']), 'text', /null/);
  });

  it('rejects an empty or non-array label list', async () => {
    const tokenizer = await tiny();
    await expectInvalid(tokenizer.encode('a dog', []), 'labels', /at least one/);
    await expectInvalid(tokenizer.encode('a dog', 'animals' as unknown as string[]), 'labels', /array/);
  });

  it('rejects empty, whitespace and non-string labels', async () => {
    const tokenizer = await tiny();
    await expectInvalid(tokenizer.encode('a dog', ['animals', '']), 'labels[1]', /empty or whitespace/);
    await expectInvalid(tokenizer.encode('a dog', ['animals', ' \t ']), 'labels[1]', /empty or whitespace/);
    await expectInvalid(tokenizer.encode('a dog', ['animals', 7 as unknown as string]), 'labels[1]', /must be a string/);
  });

  it('rejects duplicate labels after normalisation', async () => {
    const tokenizer = await tiny();
    await expectInvalid(tokenizer.encode('a dog', ['Sports  News', 'politics', ' sports news ']), 'labels[2]', /repeats labels\[0\]/);
    await expectInvalid(tokenizer.encode('a dog', ['sports', 'ＳＰＯＲＴＳ']), 'labels[1]', /repeats labels\[0\] "sports"/);
  });

  it('rejects a label containing the separator', async () => {
    const tokenizer = await tiny();
    await expectInvalid(tokenizer.encode('a dog', ['animals', 'sports; news']), 'labels[1]', /separator ";"/);
  });

  it('rejects a label that produces no tokens', async () => {
    const tokenizer = await tiny();
    await expectInvalid(tokenizer.encode('a dog', ['animals', '\u0001']), 'labels[1]', /no tokens/);
  });

  it('rejects bad options', async () => {
    const tokenizer = await tiny();
    await expectInvalid(tokenizer.encode('a dog', ['animals'], { maxLength: 0 }), 'options.maxLength');
    await expectInvalid(tokenizer.encode('a dog', ['animals'], { maxLength: 2.5 }), 'options.maxLength');
    await expectInvalid(tokenizer.encode('a dog', ['animals'], { tokenDropout: { probability: 1.5, random: createSeededRandom(1) } }), 'options.tokenDropout.probability');
    await expectInvalid(GliznetTokenizer.fromDirectory(await writeTinyModelDirectory(), { labelCacheSize: -1 }), 'options.labelCacheSize');
  });

  it('names the row of a batch', async () => {
    const tokenizer = await tiny();
    await expectInvalid(tokenizer.encodeBatch([], ['animals']), 'texts', /at least one/);
    await expectInvalid(tokenizer.encodeBatch(['a dog', ''], ['animals']), 'texts[1]');
    await expectInvalid(tokenizer.encodeBatch(['a dog', 'a cat'], [['animals'], ['politics', '']]), 'labels[1][1]');
    await expectInvalid(tokenizer.encodeBatch(['a dog', 'a cat'], [['animals']]), 'labels', /one list per text/);
    await expectInvalid(tokenizer.encodePairBatch(['a dog', 'a cat'], ['animals']), 'labels');
  });
});

describe('encodeBatch', () => {
  it('pads to the longest sequence of the batch, not to maxLength', async () => {
    const tokenizer = await tiny();
    const texts = ['a dog', 'the cat sat on the mat.', 'a cat'];
    const batch = await tokenizer.encodeBatch(texts, ['animals', 'politics'], { maxLength: 64 });
    const singles = await Promise.all(texts.map((text) => tokenizer.encode(text, ['animals', 'politics'])));
    expect(batch.batchSize).toBe(3);
    expect(batch.sequenceLength).toBe(Math.max(...singles.map((single) => single.inputIds.length)));
    expect(batch.lengths).toEqual(singles.map((single) => single.inputIds.length));
    expect(batch.numLabels).toEqual([2, 2, 2]);
    expect(batch.truncated).toEqual([false, false, false]);
    expect(batch.inputIds.length).toBe(3 * batch.sequenceLength);
    for (const [row, single] of singles.entries()) {
      const offset = row * batch.sequenceLength;
      const slice = (array: Int32Array, from: number, to: number) => [...array.subarray(offset + from, offset + to)];
      const length = single.inputIds.length;
      expect(slice(batch.inputIds, 0, length)).toEqual([...single.inputIds]);
      expect(slice(batch.lmask, 0, length)).toEqual([...single.lmask]);
      expect(slice(batch.tokenTypeIds, 0, length)).toEqual([...single.tokenTypeIds]);
      expect(slice(batch.attentionMask, 0, length)).toEqual([...single.attentionMask]);
      const padding = batch.sequenceLength - length;
      expect(slice(batch.inputIds, length, batch.sequenceLength)).toEqual(new Array(padding).fill(ID.pad));
      expect(slice(batch.attentionMask, length, batch.sequenceLength)).toEqual(new Array(padding).fill(0));
      expect(slice(batch.tokenTypeIds, length, batch.sequenceLength)).toEqual(new Array(padding).fill(0));
      expect(slice(batch.lmask, length, batch.sequenceLength)).toEqual(new Array(padding).fill(0));
    }
  });

  it('takes one label list per text', async () => {
    const tokenizer = await tiny();
    const batch = await tokenizer.encodeBatch(['a dog', 'a cat'], [['animals'], ['politics', 'sports news', 'animals']]);
    expect(batch.numLabels).toEqual([1, 3]);
    const row = (index: number) => [...batch.lmask.subarray(index * batch.sequenceLength, (index + 1) * batch.sequenceLength)];
    expect(row(0)).toEqual([0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0]);
    expect(row(1)).toEqual([0, 0, 0, 0, 1, 0, 2, 2, 0, 3, 0]);
    const second = await tokenizer.encode('a cat', ['politics', 'sports news', 'animals']);
    expect([...batch.inputIds.subarray(batch.sequenceLength)]).toEqual([...second.inputIds]);
  });

  it('flags truncation per row', async () => {
    const tokenizer = await tiny();
    const batch = await tokenizer.encodeBatch(['a dog', 'a dog is very long text and a cat sat on the mat'], ['animals'], { maxLength: 12 });
    expect(batch.truncated).toEqual([false, true]);
    expect(batch.sequenceLength).toBe(12);
  });
});

describe('label cache', () => {
  it('reuses label encodings across calls, and can be disabled', async () => {
    const cached = await tiny();
    const [first] = await cached.encodeLabels(['sports news']);
    const [again] = await cached.encodeLabels(['sports news']);
    expect(first).toBe(again);
    expect(first?.ids).toEqual([ID.sports, ID.news]);
    const uncached = await tiny({}, { labelCacheSize: 0 });
    const [one] = await uncached.encodeLabels(['sports news']);
    const [two] = await uncached.encodeLabels(['sports news']);
    expect(one).not.toBe(two);
    expect(one).toEqual(two);
  });
});

describe('token dropout', () => {
  const text = 'a dog is very long text and a cat sat on the mat';

  it('replaces text tokens only, reproducibly for a seed', async () => {
    const tokenizer = await tiny();
    const plain = await tokenizer.encode(text, ['animals', 'politics']);
    const run = (seed: number) => tokenizer.encode(text, ['animals', 'politics'], { tokenDropout: { probability: 0.5, random: createSeededRandom(seed) } });
    const first = await run(7);
    const second = await run(7);
    expect([...first.inputIds]).toEqual([...second.inputIds]);
    let dropped = 0;
    for (let position = 0; position < plain.inputIds.length; position++) {
      const isText = position > 0 && position <= plain.textTokenCount;
      if (first.inputIds[position] !== plain.inputIds[position]) {
        expect(isText).toBe(true);
        expect(first.inputIds[position]).toBe(ID.mask);
        expect(first.tokens[position]).toBe('[MASK]');
        dropped += 1;
      }
    }
    expect(dropped).toBeGreaterThan(0);
    expect(dropped).toBeLessThan(plain.textTokenCount);
    expect([...first.lmask]).toEqual([...plain.lmask]);
    const unk = await tokenizer.encode(text, ['animals'], { tokenDropout: { probability: 0.9, random: createSeededRandom(3), replaceWith: 'unk' } });
    expect([...unk.inputIds]).toContain(ID.unk);
  });
});

describe('cross-encoder pairs', () => {
  it('encodes [CLS] text [SEP] label [SEP] with lmask all 0', async () => {
    const tokenizer = await tiny();
    const pair = await tokenizer.encodePair('a dog', 'sports news');
    expect([...pair.inputIds]).toEqual([ID.cls, ID.a, ID.dog, ID.sep, ID.sports, ID.news, ID.sep]);
    expect([...pair.tokenTypeIds]).toEqual([0, 0, 0, 0, 1, 1, 1]);
    expect([...pair.lmask]).toEqual([0, 0, 0, 0, 0, 0, 0]);
    const truncated = await tokenizer.encodePair('a dog is very long text and a cat sat on the mat', 'sports news', { maxLength: 14 });
    expect(truncated.truncated).toBe(true);
    expect(truncated.tokens.slice(-3)).toEqual(['sports', 'news', '[SEP]']);
    const batch = await tokenizer.encodePairBatch(['a dog', 'the cat sat on the mat.'], ['animals', 'sports news']);
    expect(batch.lengths).toEqual([6, 12]);
    expect([...batch.lmask].every((value) => value === 0)).toBe(true);
    expect([...batch.inputIds.subarray(0, 12)]).toEqual([ID.cls, ID.a, ID.dog, ID.sep, ID.animals, ID.sep, 0, 0, 0, 0, 0, 0]);
  });
});

describe('a text cap shared by every pass', () => {
  it('reservedTextTokens is what every label chunk leaves room for; maxTextTokens cuts the text to a cap and says so', async () => {
    const tokenizer = await tiny();
    expect(tokenizer.reservedTextTokens({ maxLength: 14 })).toBe(8); // max(minTextTokens 8, floor(11 / 2))
    expect(tokenizer.reservedTextTokens({ maxLength: 64 })).toBe(30);
    expect(tokenizer.reservedTextTokens({ maxLength: 64, minTextTokens: 40 })).toBe(40);
    const text = 'The cat sat on the mat.'; // 7 tokens
    const uncapped = await tokenizer.encode(text, ['animals'], { maxLength: 14 });
    expect(uncapped).toMatchObject({ truncated: false, textTokenCount: 7 });
    const capped = await tokenizer.encode(text, ['animals'], { maxLength: 14, maxTextTokens: 5 });
    expect(capped).toMatchObject({ truncated: true, textTokenCount: 5 });
    expect([...capped.inputIds]).toEqual([ID.cls, ID.the, ID.cat, ID.sat, ID.on, ID.the, ID.sep, ID.animals, ID.sep]);
    const batch = await tokenizer.encodeBatch([text, 'a dog'], ['animals'], { maxTextTokens: [3, 3] });
    expect(batch.truncated).toEqual([true, false]);
    expect(batch.lengths).toEqual([7, 6]);
  });

  it('rejects a bad cap, naming it', async () => {
    const tokenizer = await tiny();
    await expectInvalid(tokenizer.encode('a dog', ['animals'], { maxTextTokens: 0 }), 'options.maxTextTokens');
    await expectInvalid(tokenizer.encodeBatch(['a dog', 'a cat'], ['animals'], { maxTextTokens: [2] }), 'options.maxTextTokens', /1 entries for 2 text/);
    await expectInvalid(tokenizer.encodeBatch(['a dog'], ['animals'], { maxTextTokens: [1.5] }), 'options.maxTextTokens[0]');
  });
});

describe('hypothesis template', () => {
  it('tokenizes each label through the template, for joint sequences and pairs, keeping the label as given', async () => {
    const tokenizer = await tiny({}, { hypothesisTemplate: 'the {label} .' });
    const [sports] = await tokenizer.encodeLabels(['sports news']);
    expect(sports!.label).toBe('sports news');
    expect([...sports!.ids]).toEqual([ID.the, ID.sports, ID.news, ID.dot]);
    const encoding = await tokenizer.encode('a dog', ['animals', 'politics']);
    expect([...encoding.inputIds]).toEqual([ID.cls, ID.a, ID.dog, ID.sep, ID.the, ID.animals, ID.dot, ID.semicolon, ID.the, ID.politics, ID.dot, ID.sep]);
    expect([...encoding.lmask]).toEqual([0, 0, 0, 0, 1, 1, 1, 0, 2, 2, 2, 0]);
    const pair = await tokenizer.encodePair('a dog', 'animals');
    expect([...pair.inputIds]).toEqual([ID.cls, ID.a, ID.dog, ID.sep, ID.the, ID.animals, ID.dot, ID.sep]);
  });

  it('reads hypothesis_template from config.json; the factory option overrides it', async () => {
    const config = { model_type: 'bert', gliznet: { hypothesis_template: 'a {label}' } };
    const fromConfig = await tiny({ config });
    expect(fromConfig.hypothesisTemplate).toBe('a {label}');
    expect([...(await fromConfig.encodeLabels(['animals']))[0]!.ids]).toEqual([ID.a, ID.animals]);
    const overridden = await tiny({ config }, { hypothesisTemplate: '{label}' });
    expect([...(await overridden.encodeLabels(['animals']))[0]!.ids]).toEqual([ID.animals]);
  });

  it('rejects a template without {label} or containing the separator, naming the fix', async () => {
    await expectInvalid(tiny({}, { hypothesisTemplate: 'the label' }), 'options.hypothesisTemplate', /must be a string containing "\{label\}"/);
    await expectInvalid(tiny({}, { hypothesisTemplate: '{label} ; the' }), 'options.hypothesisTemplate', /contains the label separator ";"/);
  });
});

describe('loading', () => {
  it('fails with ModelLoadError naming the file when tokenizer.json is missing or invalid', async () => {
    const directory = await writeTinyModelDirectory();
    await expect(GliznetTokenizer.fromDirectory(join(directory, 'nowhere'))).rejects.toSatisfy((error) => ModelLoadError.isInstance(error) && error.path.endsWith('tokenizer.json'));
    await writeFile(join(directory, 'tokenizer.json'), '{ not json');
    await expect(GliznetTokenizer.fromDirectory(directory)).rejects.toSatisfy((error) => ModelLoadError.isInstance(error) && /not a valid Hugging Face tokenizer.json/.test(error.message));
  });

  it('lists every missing special token', async () => {
    const directory = await writeTinyModelDirectory({ omit: ['[PAD]', '[MASK]'] });
    let error: unknown;
    try {
      await GliznetTokenizer.fromDirectory(directory);
    } catch (caught) {
      error = caught;
    }
    expect(ModelLoadError.isInstance(error)).toBe(true);
    expect((error as ModelLoadError).problems).toEqual(['missing special token [PAD]', 'missing special token [MASK]']);
  });

  it('reports an invalid config.json', async () => {
    const directory = await writeTinyModelDirectory({ config: { gliznet: { max_length: -3 } } });
    await expect(GliznetTokenizer.fromDirectory(directory)).rejects.toSatisfy((error) => ModelLoadError.isInstance(error) && /max_length/.test(error.message));
  });

  it("ignores the file's own truncation and padding (sentence-transformers ship fixed padding to 128)", async () => {
    const tokenizer = await tiny({ padAndTruncateTo: 4 });
    expect([...(await tokenizer.encodeLabels(['animals']))[0]!.ids]).toEqual([ID.animals]);
    expect(await tokenizer.countTokens('the cat sat on the mat')).toBe(6);
    const encoding = await tokenizer.encode('The cat sat on the mat.', ['sports news', 'animals']);
    expect(encoding.inputIds.length).toBe(14);
    expect(encoding.truncated).toBe(false);
  });

  it('loads a file directly with options', async () => {
    const directory = await writeTinyModelDirectory();
    const tokenizer = await GliznetTokenizer.fromFile(join(directory, 'tokenizer.json'), { separator: '|', maxLength: 32 });
    expect(tokenizer.separatorIds).toEqual([ID.bar]);
    expect(tokenizer.maxLength).toBe(32);
    expect(await tokenizer.countTokens('the cat sat')).toBe(3);
  });
});
