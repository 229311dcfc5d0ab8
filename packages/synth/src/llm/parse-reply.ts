import { corpusLabelName } from '../corpus/normalize-label.js';
import type { TrainingRecord } from '../records/record.js';

/** A validated reply: records ready to write, and how far it strayed from the cross-role rule. */
export interface ParsedReply {
  /** Records with `text`, `labels`, `negatives` (labels normalised). */
  records: Pick<TrainingRecord, 'text' | 'labels' | 'negatives'>[];
  /** Pool labels that were never a positive or never a negative (the prompt asks for both). */
  crossRoleViolations: number;
}

/** The reply could not be used; `reason` says why (sent back to the caller, counted, retried). */
export type ReplyCheck = { ok: true; reply: ParsedReply } | { ok: false; reason: string };

function extractJson(content: string): unknown {
  const trimmed = content.trim();
  const fenced = /^```(?:json)?\s*([\s\S]*?)\s*```$/.exec(trimmed);
  const body = fenced?.[1] ?? trimmed;
  try {
    return JSON.parse(body);
  } catch {
    // Some models wrap the object in prose: take the outermost braces.
    const start = body.indexOf('{');
    const end = body.lastIndexOf('}');
    if (start >= 0 && end > start) return JSON.parse(body.slice(start, end + 1));
    throw new SyntaxError('no JSON object in the reply');
  }
}

function stringList(value: unknown, field: string): string[] | string {
  if (!Array.isArray(value)) return `"${field}" must be an array of strings`;
  const result: string[] = [];
  for (const item of value) {
    if (typeof item !== 'string' || corpusLabelName(item) === '') return `"${field}" must hold non-empty strings`;
    const label = corpusLabelName(item);
    if (!result.includes(label)) result.push(label);
  }
  return result;
}

/**
 * Parses and validates a synthesis reply: JSON object `{labels, texts: [{text, positives, negatives}]}`,
 * every label taken from the pool, at least one positive per text, no label both positive and
 * negative for one text. At most `maxTexts` texts are kept.
 */
export function parseSynthesisReply(content: string, options: { maxTexts: number }): ReplyCheck {
  let value: unknown;
  try {
    value = extractJson(content);
  } catch (error) {
    return { ok: false, reason: `reply is not JSON (${(error as Error).message})` };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { ok: false, reason: 'reply is not a JSON object' };
  const object = value as Record<string, unknown>;
  const pool = stringList(object.labels, 'labels');
  if (typeof pool === 'string') return { ok: false, reason: pool };
  if (pool.length < 2) return { ok: false, reason: 'the label pool has fewer than 2 labels' };
  if (!Array.isArray(object.texts) || object.texts.length === 0) return { ok: false, reason: '"texts" must be a non-empty array' };
  const poolSet = new Set(pool);
  const records: ParsedReply['records'] = [];
  const positiveSomewhere = new Set<string>();
  const negativeSomewhere = new Set<string>();
  const seenTexts = new Set<string>();
  for (const [index, item] of object.texts.slice(0, options.maxTexts).entries()) {
    if (typeof item !== 'object' || item === null) return { ok: false, reason: `texts[${index}] is not an object` };
    const entry = item as Record<string, unknown>;
    if (typeof entry.text !== 'string' || entry.text.trim() === '') return { ok: false, reason: `texts[${index}].text must be a non-empty string` };
    const positives = stringList(entry.positives, `texts[${index}].positives`);
    if (typeof positives === 'string') return { ok: false, reason: positives };
    const negatives = stringList(entry.negatives ?? [], `texts[${index}].negatives`);
    if (typeof negatives === 'string') return { ok: false, reason: negatives };
    if (positives.length === 0) return { ok: false, reason: `texts[${index}] has no positive label` };
    const unknown = [...positives, ...negatives].find((label) => !poolSet.has(label));
    if (unknown !== undefined) return { ok: false, reason: `texts[${index}] uses "${unknown}", which is not in the label pool` };
    const clash = positives.find((label) => negatives.includes(label));
    if (clash !== undefined) return { ok: false, reason: `texts[${index}] lists "${clash}" as both positive and negative` };
    const text = entry.text.trim();
    if (seenTexts.has(text)) continue;
    seenTexts.add(text);
    positives.forEach((label) => positiveSomewhere.add(label));
    negatives.forEach((label) => negativeSomewhere.add(label));
    records.push({ text, labels: positives, negatives });
  }
  const crossRoleViolations = pool.filter((label) => !positiveSomewhere.has(label) || !negativeSomewhere.has(label)).length;
  return { ok: true, reply: { records, crossRoleViolations } };
}
