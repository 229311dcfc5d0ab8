/**
 * A tiny WordPiece tokenizer.json in Hugging Face's format, written to a temporary directory by the
 * tests (so they need no large vocabulary), optionally with a config.json beside it.
 */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const TINY_VOCABULARY = [
  '[PAD]', '[UNK]', '[CLS]', '[SEP]', '[MASK]',
  'the', 'cat', 'sat', 'on', 'mat', '.', ';', '|', ',', 'a', 'dog', 'sports', 'news', 'politics', 'animals',
  'science', 'and', 'technology', 'un', '##related', '##s', 'is', 'very', 'long', 'text',
];

export interface TinyTokenizerOptions {
  /** Tokens to leave out (to test missing special tokens). */
  omit?: readonly string[];
  /** config.json content to write beside tokenizer.json (none when omitted). */
  config?: unknown;
  /** Fixed padding and truncation to this many tokens in the file, as sentence-transformers ship. Default: none. */
  padAndTruncateTo?: number;
}

export function tinyTokenizerJson(options: TinyTokenizerOptions = {}): Record<string, unknown> {
  const vocabulary: Record<string, number> = {};
  const omit = new Set(options.omit ?? []);
  let id = 0;
  for (const token of TINY_VOCABULARY) if (!omit.has(token)) vocabulary[token] = id++;
  const unk = '[UNK]' in vocabulary ? '[UNK]' : 'the';
  return {
    version: '1.0',
    truncation: options.padAndTruncateTo === undefined ? null : { direction: 'Right', max_length: options.padAndTruncateTo, strategy: 'LongestFirst', stride: 0 },
    padding: options.padAndTruncateTo === undefined ? null : { strategy: { Fixed: options.padAndTruncateTo }, direction: 'Right', pad_to_multiple_of: null, pad_id: 0, pad_type_id: 0, pad_token: '[PAD]' },
    added_tokens: [],
    normalizer: { type: 'BertNormalizer', clean_text: true, handle_chinese_chars: true, strip_accents: null, lowercase: true },
    pre_tokenizer: { type: 'BertPreTokenizer' },
    post_processor: null,
    decoder: { type: 'WordPiece', prefix: '##', cleanup: true },
    model: { type: 'WordPiece', unk_token: unk, continuing_subword_prefix: '##', max_input_chars_per_word: 100, vocab: vocabulary },
  };
}

/** Writes tokenizer.json (and config.json when given) to a fresh temporary directory; returns it. */
export async function writeTinyModelDirectory(options: TinyTokenizerOptions = {}): Promise<string> {
  const directory = await mkdtemp(join(tmpdir(), 'gliznet-tokenizer-'));
  await writeFile(join(directory, 'tokenizer.json'), JSON.stringify(tinyTokenizerJson(options)));
  if (options.config !== undefined) await writeFile(join(directory, 'config.json'), JSON.stringify(options.config));
  return directory;
}
