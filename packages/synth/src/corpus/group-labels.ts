import { corpusLabelName } from './normalize-label.js';
import type { Corpus } from './read-corpus.js';
import { buildRelabelledCorpora, type RelabelledCorpus } from './relabelled-corpora.js';

/**
 * Coarse labels from a corpus' own hierarchy. Intent corpora file each row under a domain /
 * service / scenario ("banking", "travel", "weather"), review corpora under a product domain
 * ("books", "kitchen"); a record that names that group instead of the row's label teaches the
 * model broad topic labels beside narrow ones, the granularity users often give a zero-shot
 * classifier ("sports", "business"). Virtual corpora `<corpus>/groups` (see relabelled-corpora.ts).
 */
export function buildGroupCorpora(corpora: readonly Corpus[], noneLabels: readonly string[]): RelabelledCorpus[] {
  const none = new Set(noneLabels.map(corpusLabelName));
  return buildRelabelledCorpora(corpora, 'group', (row) => {
    if (row.group === undefined) return undefined;
    const group = corpusLabelName(row.group);
    return none.has(group) ? undefined : group;
  });
}
