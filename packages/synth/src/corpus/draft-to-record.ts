import type { TrainingRecord } from '../records/record.js';
import type { DraftRecord } from './cross-role.js';
import type { Corpus } from './read-corpus.js';

/** The description of `label` for the row's service (any description when none matches). */
function describe(label: string, group: string | undefined, descriptions: Map<string, Map<string, string>>): string {
  const byService = descriptions.get(label);
  if (byService === undefined) return label;
  return (group !== undefined ? byService.get(group) : undefined) ?? byService.values().next().value ?? label;
}

/**
 * The final record of a draft: positives, then hard negatives (closest first), then random negatives;
 * with `useDescriptions`, labels that have descriptions are written as their descriptions.
 */
export function toRecord(draft: DraftRecord, corpus: Corpus, useDescriptions: boolean): TrainingRecord {
  const name = (label: string): string => (useDescriptions ? describe(label, draft.row.group, corpus.descriptions) : label);
  const labels = [...new Set(draft.row.labels.map(name))];
  const hard = [...new Set(draft.hard.map(name))].filter((label) => !labels.includes(label));
  const negatives = [...new Set([...hard, ...draft.random])].filter((label) => !labels.includes(label));
  const meta: Record<string, unknown> = { hardNegatives: hard.length };
  if (draft.row.group !== undefined) meta.group = draft.row.group;
  if (draft.row.id !== undefined) meta.id = draft.row.id;
  if (useDescriptions && corpus.descriptions.size > 0) meta.labelForm = 'description';
  return { text: draft.row.text, labels, negatives, source: corpus.name, meta };
}
