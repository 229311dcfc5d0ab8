import type { DraftRecord } from './cross-role.js';
import { normalizeLabel } from './normalize-label.js';
import type { Corpus } from './read-corpus.js';

/**
 * Coarse labels from a corpus' own hierarchy. Intent corpora file each row under a domain /
 * service / scenario ("banking", "travel", "weather"); a record that names that group instead of
 * the intent teaches the model broad topic labels beside narrow ones, the granularity users often
 * give a zero-shot classifier ("sports", "business"). Every group corpus is a virtual corpus named
 * `<corpus>/groups` whose rows are the grouped rows of the real one, relabelled with their group,
 * so that negatives are mined the same way: the closest other groups of the same corpus.
 */

/** Name of the virtual corpus holding the group labels of `corpus`. */
export function groupCorpusName(corpus: string): string {
  return `${corpus}/groups`;
}

/** A virtual corpus of group labels. */
export interface GroupCorpus extends Corpus {
  /** The real corpus its rows come from (the `source` of its records). */
  source: string;
  /** Its group labels. */
  groups: ReadonlySet<string>;
}

/**
 * The virtual group corpora of `corpora`: one for each corpus whose rows name at least two
 * groups. Rows without positives (out of scope) and rows whose group is a none-label are left out.
 */
export function buildGroupCorpora(corpora: readonly Corpus[], noneLabels: readonly string[]): GroupCorpus[] {
  const none = new Set(noneLabels.map(normalizeLabel));
  const result: GroupCorpus[] = [];
  for (const corpus of corpora) {
    const rows = corpus.rows
      .filter((row) => row.group !== undefined && row.labels.length > 0 && !none.has(normalizeLabel(row.group)))
      .map((row) => ({ ...row, labels: [normalizeLabel(row.group as string)] }));
    const groups = new Set(rows.map((row) => row.labels[0] as string));
    if (groups.size < 2) continue;
    result.push({ name: groupCorpusName(corpus.name), source: corpus.name, groups, file: corpus.file, rows, problems: [], descriptions: new Map() });
  }
  return result;
}

/** Whether `draft` can be turned into a group record (its corpus has groups, the row a usable group and positives). */
export function canUseGroup(draft: DraftRecord, groupCorpora: ReadonlyMap<string, GroupCorpus>): boolean {
  const group = draft.row.group;
  const groups = groupCorpora.get(groupCorpusName(draft.corpus))?.groups;
  return groups !== undefined && group !== undefined && draft.row.labels.length > 0 && groups.has(normalizeLabel(group));
}

/** The draft relabelled with its group, in the virtual group corpus (negatives are mined afterwards). */
export function toGroupDraft(draft: DraftRecord): DraftRecord {
  const group = normalizeLabel(draft.row.group as string);
  return { corpus: groupCorpusName(draft.corpus), row: { ...draft.row, labels: [group] }, hard: [], random: [] };
}
