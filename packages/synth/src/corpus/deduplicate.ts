import { textKey } from './normalize-label.js';
import type { Corpus, CorpusRow } from './read-corpus.js';

/**
 * Removes duplicate texts (compared with {@link textKey}) in place: copies inside one corpus are
 * merged and their labels united; a text already owned by an earlier corpus is dropped.
 * Returns, per corpus, how many rows were merged and how many dropped.
 */
export function deduplicateCorpora(corpora: Corpus[]): Map<string, { merged: number; crossCorpus: number }> {
  const owner = new Map<string, string>();
  const figures = new Map<string, { merged: number; crossCorpus: number }>();
  for (const corpus of corpora) {
    const local = new Map<string, CorpusRow>();
    let merged = 0;
    let crossCorpus = 0;
    const kept: CorpusRow[] = [];
    for (const row of corpus.rows) {
      const key = textKey(row.text);
      const earlierCorpus = owner.get(key);
      if (earlierCorpus !== undefined && earlierCorpus !== corpus.name) {
        crossCorpus += 1;
        continue;
      }
      const existing = local.get(key);
      if (existing !== undefined) {
        for (const label of row.labels) if (!existing.labels.includes(label)) existing.labels.push(label);
        merged += 1;
        continue;
      }
      const copy = { ...row, labels: row.labels.slice() };
      local.set(key, copy);
      owner.set(key, corpus.name);
      kept.push(copy);
    }
    corpus.rows = kept;
    figures.set(corpus.name, { merged, crossCorpus });
  }
  return figures;
}
