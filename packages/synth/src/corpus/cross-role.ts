import type { LabelSimilarity } from './label-similarity.js';
import type { NegativeMiner } from './negative-miner.js';
import type { CorpusRow } from './read-corpus.js';

/** A record being built: its row and the negatives mined so far. */
export interface DraftRecord {
  corpus: string;
  row: CorpusRow;
  hard: string[];
  random: string[];
}

/** What {@link enforceCrossRole} found and changed. */
export interface CrossRoleResult {
  /** Distinct labels that are positive somewhere. */
  positiveLabels: number;
  /** Of those, how many were already negatives often enough. */
  alreadySatisfied: number;
  /** Labels added as negatives to records to satisfy the rule. */
  repairedLabels: string[];
  /** Negatives inserted in total. */
  insertions: number;
  /** Labels for which no record could take them as a negative. */
  unsatisfiable: string[];
}

/**
 * The cross-role rule of the original generator: a label that is positive for some record must
 * also be a (hard) negative for others. Labels that are negatives fewer than `minimum` times are
 * added to the records whose positives are most similar to them: first records of the same corpus,
 * then records of other corpora where the label is a safe negative.
 */
export function enforceCrossRole(
  drafts: DraftRecord[],
  miner: NegativeMiner,
  similarity: LabelSimilarity,
  options: { minimum: number },
): CrossRoleResult {
  const positiveCorpora = new Map<string, Set<string>>();
  const negativeCounts = new Map<string, number>();
  for (const draft of drafts) {
    for (const label of draft.row.labels) {
      let corpora = positiveCorpora.get(label);
      if (corpora === undefined) {
        corpora = new Set();
        positiveCorpora.set(label, corpora);
      }
      corpora.add(draft.corpus);
    }
    for (const label of [...draft.hard, ...draft.random]) negativeCounts.set(label, (negativeCounts.get(label) ?? 0) + 1);
  }
  const result: CrossRoleResult = { positiveLabels: positiveCorpora.size, alreadySatisfied: 0, repairedLabels: [], insertions: 0, unsatisfiable: [] };
  for (const [label, corpora] of [...positiveCorpora.entries()].sort((left, right) => (left[0] < right[0] ? -1 : 1))) {
    const missing = options.minimum - (negativeCounts.get(label) ?? 0);
    if (missing <= 0) {
      result.alreadySatisfied += 1;
      continue;
    }
    const takes = (draft: DraftRecord): boolean => !draft.row.labels.includes(label) && !draft.hard.includes(label) && !draft.random.includes(label);
    const closeness = (draft: DraftRecord): number => (draft.row.labels.length === 0 ? -1 : similarity.maxSimilarity(label, draft.row.labels));
    const sameCorpus = drafts.filter((draft) => corpora.has(draft.corpus) && miner.isOwnLabelFor(draft.corpus, label, draft.row) && takes(draft));
    const otherCorpora = drafts.filter((draft) => !corpora.has(draft.corpus) && takes(draft) && miner.isSafeNegative(label, draft.row.labels));
    const ranked = [
      ...sameCorpus.map((draft) => ({ draft, score: closeness(draft) })).sort((left, right) => right.score - left.score),
      ...otherCorpora.map((draft) => ({ draft, score: closeness(draft) })).sort((left, right) => right.score - left.score),
    ].slice(0, missing);
    if (ranked.length === 0) {
      result.unsatisfiable.push(label);
      continue;
    }
    for (const { draft } of ranked) {
      if (corpora.has(draft.corpus)) draft.hard.push(label);
      else draft.random.push(label);
      result.insertions += 1;
    }
    result.repairedLabels.push(label);
  }
  return result;
}
