/**
 * The one training record format of gliznet: one JSON object per line.
 *
 * ```json
 * {"text": "...", "labels": ["positive label"], "negatives": ["hard negative"], "source": "clinc150", "meta": {}}
 * ```
 */

/** One training example. */
export interface TrainingRecord {
  /** The text to classify (non-empty). */
  text: string;
  /** Positive labels (zero or more, distinct). */
  labels: string[];
  /** Hard and random negative labels (distinct, never one of `labels`); optional. */
  negatives?: string[];
  /** Where the record came from (corpus name, or `llm:<provider>/<model>`). */
  source?: string;
  /** Free-form extra information (ids, groups, batch keys). */
  meta?: Record<string, unknown>;
}

/** The outcome of checking one parsed JSON value against the record format. */
export type RecordCheck = { ok: true; record: TrainingRecord } | { ok: false; reason: string };

function checkLabelList(value: unknown, field: string): string | undefined {
  if (!Array.isArray(value)) return `"${field}" must be an array of strings`;
  const seen = new Set<string>();
  for (let index = 0; index < value.length; index += 1) {
    const label: unknown = value[index];
    if (typeof label !== 'string') return `"${field}[${index}]" must be a string, got ${typeof label}`;
    if (label.trim() === '') return `"${field}[${index}]" is empty`;
    if (seen.has(label)) return `"${field}" lists "${label}" twice`;
    seen.add(label);
  }
  return undefined;
}

/** Checks that `value` is a valid {@link TrainingRecord}; returns the reason when it is not. */
export function checkRecord(value: unknown): RecordCheck {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { ok: false, reason: 'a record must be a JSON object' };
  }
  const candidate = value as Record<string, unknown>;
  if (typeof candidate.text !== 'string') return { ok: false, reason: '"text" must be a string' };
  if (candidate.text.trim() === '') return { ok: false, reason: '"text" is empty' };
  const labelProblem = checkLabelList(candidate.labels, 'labels');
  if (labelProblem !== undefined) return { ok: false, reason: labelProblem };
  if (candidate.negatives !== undefined) {
    const negativeProblem = checkLabelList(candidate.negatives, 'negatives');
    if (negativeProblem !== undefined) return { ok: false, reason: negativeProblem };
    const positives = new Set(candidate.labels as string[]);
    const clash = (candidate.negatives as string[]).find((label) => positives.has(label));
    if (clash !== undefined) return { ok: false, reason: `"${clash}" is both a positive and a negative` };
  }
  if (candidate.source !== undefined && typeof candidate.source !== 'string') {
    return { ok: false, reason: '"source" must be a string when present' };
  }
  if (candidate.meta !== undefined && (typeof candidate.meta !== 'object' || candidate.meta === null || Array.isArray(candidate.meta))) {
    return { ok: false, reason: '"meta" must be an object when present' };
  }
  return { ok: true, record: candidate as unknown as TrainingRecord };
}

/** Serialises a record as one JSON line (without the newline), fields in the documented order. */
export function recordToJsonLine(record: TrainingRecord): string {
  const ordered: TrainingRecord = { text: record.text, labels: record.labels };
  if (record.negatives !== undefined) ordered.negatives = record.negatives;
  if (record.source !== undefined) ordered.source = record.source;
  if (record.meta !== undefined) ordered.meta = record.meta;
  return JSON.stringify(ordered);
}
