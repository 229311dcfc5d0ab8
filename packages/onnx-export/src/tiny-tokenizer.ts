/**
 * A tiny BERT-style WordPiece `tokenizer.json` (Hugging Face tokenizers format) for random test
 * models: specials, `;`, punctuation, a few dozen common English words, letters and `##` letters,
 * then `[unusedN]` up to the requested vocabulary size.
 */
import { InvalidArgumentError } from '@gliznet/common';

const specialTokens = ['[PAD]', '[UNK]', '[CLS]', '[SEP]', '[MASK]'];
const words = [
  ';', '.', ',', '!', '?', "'", '-', 'the', 'a', 'is', 'it', 'this', 'of', 'and', 'to', 'in', 'i', 'was', 'not', 'very', 'good',
  'bad', 'great', 'movie', 'film', 'food', 'sports', 'politics', 'science', 'music', 'news', 'happy', 'sad', 'angry',
  'positive', 'negative', 'neutral', 'game', 'team', 'won', 'love', 'hate', 'about', 'on', 'for', 'technology', 'business',
];
const letters = 'abcdefghijklmnopqrstuvwxyz0123456789'.split('');

/** The ordered vocabulary: ids are positions. Needs at least 6 entries (specials + `;`). */
export function tinyVocabulary(vocabSize: number): string[] {
  if (!Number.isInteger(vocabSize) || vocabSize < specialTokens.length + 1) {
    throw new InvalidArgumentError('vocabSize', `a tiny tokenizer needs vocab_size >= ${specialTokens.length + 1} (specials and ";"), got ${vocabSize}`);
  }
  const candidates = [...specialTokens, ...words, ...letters, ...letters.map((letter) => `##${letter}`)];
  const vocabulary = candidates.slice(0, vocabSize);
  for (let index = vocabulary.length; index < vocabSize; index++) vocabulary.push(`[unused${index}]`);
  return vocabulary;
}

/** A Hugging Face `tokenizer.json` object: BertNormalizer (lowercase), BertPreTokenizer, WordPiece, [CLS] A [SEP] (B [SEP]). */
export function createTinyTokenizerJson(options: { vocabSize: number }): Record<string, unknown> {
  const vocabulary = tinyVocabulary(options.vocabSize);
  const idOf = (token: string): number => vocabulary.indexOf(token);
  const special = (token: string, typeId: number): unknown => ({ SpecialToken: { id: token, type_id: typeId } });
  const sequence = (id: 'A' | 'B', typeId: number): unknown => ({ Sequence: { id, type_id: typeId } });
  return {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: specialTokens.map((content) => ({ id: idOf(content), content, single_word: false, lstrip: false, rstrip: false, normalized: false, special: true })),
    normalizer: { type: 'BertNormalizer', clean_text: true, handle_chinese_chars: true, strip_accents: null, lowercase: true },
    pre_tokenizer: { type: 'BertPreTokenizer' },
    post_processor: {
      type: 'TemplateProcessing',
      single: [special('[CLS]', 0), sequence('A', 0), special('[SEP]', 0)],
      pair: [special('[CLS]', 0), sequence('A', 0), special('[SEP]', 0), sequence('B', 1), special('[SEP]', 1)],
      special_tokens: Object.fromEntries(['[CLS]', '[SEP]'].map((token) => [token, { id: token, ids: [idOf(token)], tokens: [token] }])),
    },
    decoder: { type: 'WordPiece', prefix: '##', cleanup: true },
    model: {
      type: 'WordPiece',
      unk_token: '[UNK]',
      continuing_subword_prefix: '##',
      max_input_chars_per_word: 100,
      vocab: Object.fromEntries(vocabulary.map((token, index) => [token, index])),
    },
  };
}

/** 1 + the largest token id a tokenizer.json can produce (WordPiece / BPE / Unigram vocabularies and added tokens). */
export function tokenizerVocabularySize(tokenizerJson: unknown): number {
  const json = (tokenizerJson ?? {}) as { model?: { vocab?: unknown }; added_tokens?: { id?: unknown }[] };
  let largest = -1;
  const vocab = json.model?.vocab;
  if (Array.isArray(vocab)) largest = vocab.length - 1;
  else if (typeof vocab === 'object' && vocab !== null) {
    for (const id of Object.values(vocab)) if (typeof id === 'number') largest = Math.max(largest, id);
  }
  for (const token of json.added_tokens ?? []) if (typeof token.id === 'number') largest = Math.max(largest, token.id);
  return largest + 1;
}
