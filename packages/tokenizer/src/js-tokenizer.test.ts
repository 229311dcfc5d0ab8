/**
 * The pure-JS backend (browsers) against the native one (Node) on the shipped tokenizers: the same
 * token ids for every text, and the same joint sequences through JointTokenizer.
 */
import { createSeededRandom, ModelLoadError } from '@gliznet/common';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { GliznetTokenizer } from './gliznet-tokenizer.js';
import { jsTokenBackend } from './js-tokenizer.js';
import { JointTokenizer } from './joint-tokenizer.js';
import { nativeTokenBackend, readNativeTokenizer } from './native-tokenizer.js';

const SHIPPED = {
  'models/gliznet-use-lite': fileURLToPath(new URL('../../../models/gliznet-use-lite/tokenizer.json', import.meta.url)),
  'bert-base-uncased': fileURLToPath(new URL('../assets/bert-base-uncased/tokenizer.json', import.meta.url)),
  'use-lite': fileURLToPath(new URL('../assets/use-lite/tokenizer.json', import.meta.url)),
};

const TEXTS = [
  'The striker scored twice as United beat City in the derby.',
  'We have no water and the bridge is down!',
  'Shares of Apple rose 3.2% after the iPhone 17 launch; analysts expect $120bn in revenue.',
  "Don't stop-believing: it's 3.14159, isn't it?",
  '  Héllo   wörld, naïve café — 2024’s “best” résumé…  ',
  'UPPER lower MiXeD CamelCaseWords snake_case_words kebab-case-words',
  '\tTabs\nand\r\nnewlines\u00a0and no-break spaces',
  'ÆØÅ æøå ß ẞ İ ı Ǆ ǅ ǆ ﬁ ﬂ ① ² ½ ＡＢＣ',
  '日本語のテキストと中文文本，한국어 텍스트',
  'Emoji 😀👍🏽 🇬🇧 and symbols © ® ™ ∑ √ ∞ ≠',
  'Привет, мир! Γειά σου κόσμε. مرحبا بالعالم שלום עולם',
  'a;b ; c | d / e \\ f [g] {h} <i> (j) "k" \'l\' `m`',
  'URLs like https://example.com/path?q=1&x=2 and emails like someone@example.org',
  'sports', 'business', 'politics', 'science and technology', 'medical assistance', 'This text is about water supply.',
];

/** Seeded random strings over letters, accents, digits, punctuation, whitespace, CJK and emoji. */
function randomTexts(count: number, seed: number): string[] {
  const random = createSeededRandom(seed);
  const pool = [...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789', ...'éèêëàâäçñøåæœüöïß', ...'.,;:!?\'"-()[]/&%$#@', '  ', ' ', ' ', '\n', ...'日本語中文', '😀', '—', '…'];
  return Array.from({ length: count }, () => {
    const length = 1 + Math.floor(random.next() * 80);
    let text = '';
    for (let index = 0; index < length; index += 1) text += pool[Math.floor(random.next() * pool.length)]!;
    return text;
  });
}

async function bothBackends(path: string) {
  const native = nativeTokenBackend(await readNativeTokenizer(path));
  const js = jsTokenBackend(await readFile(path, 'utf8'), { source: path });
  return { native, js };
}

describe('jsTokenBackend against the native binding', () => {
  for (const [name, path] of Object.entries(SHIPPED)) {
    it(`gives the same ids, tokens and specials on ${name}`, async () => {
      const { native, js } = await bothBackends(path);
      const texts = [...TEXTS, ...randomTexts(300, 7)];
      const [nativeIds, jsIds] = await Promise.all([native.encodeBatch(texts, { tokens: 'include' }), js.encodeBatch(texts, { tokens: 'include' })]);
      const differing = texts.filter((_, index) => JSON.stringify(nativeIds[index]!.ids) !== JSON.stringify(jsIds[index]!.ids));
      expect(differing).toEqual([]);
      expect(jsIds.map((entry) => entry.tokens)).toEqual(nativeIds.map((entry) => entry.tokens));
      for (const token of ['[CLS]', '[SEP]', '[PAD]', '[MASK]', '[UNK]', ';']) expect(js.tokenToId(token)).toBe(native.tokenToId(token));
      expect(js.vocabularySize).toBe(native.vocabularySize);
      expect([0, 1, 5, 100, js.vocabularySize - 1, js.vocabularySize].map((id) => js.idToToken(id))).toEqual([0, 1, 5, 100, native.vocabularySize - 1, native.vocabularySize].map((id) => native.idToToken(id)));
    });
  }

  it('builds the same joint sequences as GliznetTokenizer (windows, truncation, label chunks, template)', async () => {
    const path = SHIPPED['models/gliznet-use-lite'];
    const options = { maxLength: 32, minTextTokens: 4, hypothesisTemplate: 'This text is about {label}.' };
    const native = await GliznetTokenizer.fromFile(path, options);
    const js = await JointTokenizer.fromBackend(jsTokenBackend(await readFile(path, 'utf8'), { source: path }), { source: path, ...options });
    const labels = ['sports', 'business', 'politics', 'science and technology', 'medical assistance', 'water supply', 'infrastructure'];
    const [fromNative, fromJs] = await Promise.all([native.encodeBatch(TEXTS, labels.slice(0, 3)), js.encodeBatch(TEXTS, labels.slice(0, 3))]);
    expect(fromJs).toEqual(fromNative);
    expect(fromJs.truncated).toContain(true);
    expect(await js.planLabelChunks(TEXTS[2]!, labels)).toEqual(await native.planLabelChunks(TEXTS[2]!, labels));
    expect(await js.encode(TEXTS[0]!, labels.slice(3, 5))).toEqual(await native.encode(TEXTS[0]!, labels.slice(3, 5)));
    expect(await js.encodePair(TEXTS[1]!, 'water supply')).toEqual(await native.encodePair(TEXTS[1]!, 'water supply'));
  });
});

describe('jsTokenBackend errors', () => {
  it('names the source when the text is not a tokenizer.json', () => {
    let error: unknown;
    try {
      jsTokenBackend('{ not json', { source: 'https://example.test/tokenizer.json' });
    } catch (caught) {
      error = caught;
    }
    expect(ModelLoadError.isInstance(error)).toBe(true);
    expect((error as ModelLoadError).message).toMatch(/https:\/\/example\.test\/tokenizer\.json is not a valid Hugging Face tokenizer\.json/);
  });

  it('lists the missing special tokens, as the native loader does', async () => {
    const text = JSON.stringify({
      version: '1.0',
      added_tokens: [],
      normalizer: null,
      pre_tokenizer: { type: 'Whitespace' },
      post_processor: null,
      decoder: null,
      model: { type: 'WordLevel', vocab: { '[UNK]': 0, '[CLS]': 1, hello: 2 }, unk_token: '[UNK]' },
    });
    await expect(JointTokenizer.fromBackend(jsTokenBackend(text, { source: 'tiny.json' }), { source: 'tiny.json' })).rejects.toSatisfy(
      (error: unknown) => ModelLoadError.isInstance(error) && JSON.stringify(error.problems) === JSON.stringify(['missing special token [SEP]', 'missing special token [PAD]', 'missing special token [MASK]']),
    );
  });
});
