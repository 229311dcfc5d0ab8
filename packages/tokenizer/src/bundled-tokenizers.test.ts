import { InvalidArgumentError } from '@gliznet/common';
import { existsSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { bundledTokenizerPath, type BundledTokenizerName } from './bundled-tokenizers.js';
import { GliznetTokenizer } from './gliznet-tokenizer.js';

describe('bundledTokenizerPath', () => {
  it('points at the committed assets', () => {
    expect(existsSync(bundledTokenizerPath('use-lite'))).toBe(true);
    expect(existsSync(bundledTokenizerPath('bert-base-uncased'))).toBe(true);
    expect(() => bundledTokenizerPath('gpt2' as BundledTokenizerName)).toThrow(InvalidArgumentError);
  });
});

describe('bert-base-uncased', () => {
  let tokenizer: GliznetTokenizer;
  beforeAll(async () => {
    tokenizer = await GliznetTokenizer.bundled('bert-base-uncased');
  });

  it('gives the standard ids', async () => {
    const { ids } = await tokenizer.encodeText('the cat sat on the mat.');
    expect([tokenizer.clsId, ...ids, tokenizer.sepId]).toEqual([101, 1996, 4937, 2938, 2006, 1996, 13523, 1012, 102]);
    expect([tokenizer.padId, tokenizer.unkId, tokenizer.maskId]).toEqual([0, 100, 103]);
    expect(tokenizer.vocabularySize).toBe(30522);
  });

  it('lowercases, strips accents, splits punctuation and maps unknown words to [UNK]', async () => {
    expect((await tokenizer.encodeText('HELLO World')).ids).toEqual([7592, 2088]);
    expect((await tokenizer.encodeText('Café naïve résumé')).ids).toEqual((await tokenizer.encodeText('cafe naive resume')).ids);
    expect((await tokenizer.encodeText('hello,world!')).tokens).toEqual(['hello', ',', 'world', '!']);
    expect((await tokenizer.encodeText('playing')).tokens).toEqual(['playing']);
    expect((await tokenizer.encodeText('unaffable')).tokens[0]).toBe('una');
    expect((await tokenizer.encodeText('hello 🤖')).ids).toEqual([7592, 100]);
  });

  it('lays out text and labels with lmask', async () => {
    const encoding = await tokenizer.encode('The cat sat on the mat.', ['animals', 'sports news']);
    expect(encoding.tokens).toEqual(['[CLS]', 'the', 'cat', 'sat', 'on', 'the', 'mat', '.', '[SEP]', 'animals', ';', 'sports', 'news', '[SEP]']);
    expect([...encoding.inputIds]).toEqual([101, 1996, 4937, 2938, 2006, 1996, 13523, 1012, 102, 4176, 1025, 2998, 2739, 102]);
    expect([...encoding.lmask]).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 2, 2, 0]);
    expect([...encoding.tokenTypeIds]).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1]);
  });
});

describe('use-lite', () => {
  let tokenizer: GliznetTokenizer;
  beforeAll(async () => {
    tokenizer = await GliznetTokenizer.bundled('use-lite');
  });

  it('has the special tokens on the unused rows', () => {
    expect([tokenizer.clsId, tokenizer.sepId, tokenizer.maskId, tokenizer.padId]).toEqual([1, 2, 3, 4]);
    expect(tokenizer.unkId).toBeUndefined();
    expect(tokenizer.idToToken(0)).toBe('\uFFFD');
    expect(tokenizer.vocabularySize).toBe(8000);
  });

  it('lays out text and labels with lmask (SentencePiece pieces, cased)', async () => {
    const encoding = await tokenizer.encode('The cat sat on the mat.', ['animals', 'sports news']);
    expect(encoding.tokens).toEqual(['[CLS]', '▁The', '▁cat', '▁sat', '▁on', '▁the', '▁ma', 't', '.', '[SEP]', '▁animals', '▁', ';', '▁sports', '▁news', '[SEP]']);
    expect([...encoding.lmask]).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 2, 2, 0]);
    expect([...encoding.tokenTypeIds]).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1]);
    expect(encoding.inputIds[0]).toBe(1);
    expect(encoding.inputIds.at(-1)).toBe(2);
    expect(tokenizer.separatorTokens).toEqual(['▁', ';']);
  });

  it('never produces a special or reserved id from text, even typed literally', async () => {
    const { ids } = await tokenizer.encodeText('[CLS] [SEP] [MASK] [PAD] <s> </s> extra_token_id_3 [CLS][SEP]');
    expect(ids.filter((id) => id >= 1 && id <= 5)).toEqual([]);
    expect((await tokenizer.encodeText('snowman ☃☃ here')).ids).toContain(0);
  });

  it('plans 300+ labels into chunks that each encode', async () => {
    const labels = Array.from({ length: 310 }, (_, index) => `category number ${index} of the catalogue`);
    const text = 'The quarterly report shows strong growth in cloud revenue, while hardware sales declined for the third quarter in a row.';
    const chunks = await tokenizer.planLabelChunks(text, labels, { maxLength: 128 });
    expect(chunks.flat()).toEqual(labels);
    expect(chunks.length).toBeGreaterThan(10);
    const batch = await tokenizer.encodeBatch(chunks.map(() => text), chunks, { maxLength: 128 });
    expect(batch.numLabels).toEqual(chunks.map((chunk) => chunk.length));
    expect(batch.sequenceLength).toBeLessThanOrEqual(128);
  });
});
