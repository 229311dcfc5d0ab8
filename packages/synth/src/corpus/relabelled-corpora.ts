import type { DraftRecord } from './cross-role.js';
import type { Corpus, CorpusRow } from './read-corpus.js';

/**
 * Records that name another property of a row than its label: its group ("banking" for an intent,
 * "books" for a review) or its star rating ("very negative" for a 1-star review). Each kind of a
 * corpus becomes a virtual corpus `<corpus>/<kind>s` whose rows are the real corpus' rows carrying
 * that property, relabelled with it, so that negatives are mined the same way: from the other
 * labels of the same virtual corpus, never from other corpora (a label of another corpus may well
 * fall inside a broad group: "book a flight" is "travel").
 */

/** What a relabelled record names instead of the row's own label. */
export type RelabelKind = 'group' | 'rating';

/** Name of the virtual corpus holding the `kind` labels of `corpus`. */
export function relabelledCorpusName(corpus: string, kind: RelabelKind): string {
  return `${corpus}/${kind}s`;
}

/** A virtual corpus of relabelled rows. */
export interface RelabelledCorpus extends Corpus {
  kind: RelabelKind;
  /** The real corpus its rows come from (the `source` of its records). */
  source: string;
  /** Its labels. */
  labelSet: ReadonlySet<string>;
  /** The label a row of the real corpus gets, or undefined when it has none. */
  labelOf: (row: CorpusRow) => string | undefined;
}

/**
 * The virtual corpora of `kind`: one for each corpus whose rows, with positives, carry at least two
 * distinct labels under `labelOf`. Rows without positives (out of scope) are left out.
 */
export function buildRelabelledCorpora(corpora: readonly Corpus[], kind: RelabelKind, labelOf: (row: CorpusRow) => string | undefined): RelabelledCorpus[] {
  const result: RelabelledCorpus[] = [];
  for (const corpus of corpora) {
    const rows = corpus.rows.flatMap((row) => {
      const label = row.labels.length > 0 ? labelOf(row) : undefined;
      return label === undefined ? [] : [{ ...row, labels: [label] }];
    });
    const labelSet = new Set(rows.map((row) => row.labels[0] as string));
    if (labelSet.size < 2) continue;
    const name = relabelledCorpusName(corpus.name, kind);
    result.push({ name, kind, source: corpus.name, labelSet, labelOf, file: corpus.file, rows, problems: [], descriptions: new Map() });
  }
  return result;
}

/**
 * The draft relabelled for `target` (negatives are mined afterwards), or undefined when its row has
 * no such label or no positives.
 */
export function relabelDraft(draft: DraftRecord, target: RelabelledCorpus | undefined): DraftRecord | undefined {
  if (target === undefined || draft.row.labels.length === 0) return undefined;
  const label = target.labelOf(draft.row);
  if (label === undefined || !target.labelSet.has(label)) return undefined;
  return { corpus: target.name, row: { ...draft.row, labels: [label] }, hard: [], random: [] };
}
