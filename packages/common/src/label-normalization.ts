/**
 * The one label normaliser, canonical label order and label-list check of every package: the
 * tokenizer and the SDK refuse duplicate labels by it, the SDK reads labels in its canonical order,
 * the trainer keeps a positive out of the negatives by it, and synth builds its corpus label names
 * on it. Runtime-neutral (no node: modules): part of the `browser` entry.
 */
import { InvalidArgumentError } from './errors.js';

/**
 * The key labels are compared by: NFKC, trimmed, whitespace runs collapsed to one space,
 * lowercased. "Sports", " sports " and "ＳＰＯＲＴＳ" are the same label. Labels keep their original
 * text for encoding; this key only finds duplicates and sorts.
 */
export function normalizeLabel(label: string): string {
  return label.normalize('NFKC').trim().replace(/\s+/gu, ' ').toLowerCase();
}

/**
 * Indices of `labels` in canonical order: sorted by normalised text (ties keep their input order),
 * so the same labels given in any order are read in the same order.
 */
export function canonicalLabelOrder(labels: readonly string[]): number[] {
  const keys = labels.map((label) => normalizeLabel(label));
  return labels.map((_, index) => index).sort((a, b) => (keys[a]! < keys[b]! ? -1 : keys[a]! > keys[b]! ? 1 : a - b));
}

function preview(value: string): string {
  return JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value);
}

function describeValue(value: unknown): string {
  return value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value;
}

/** One label must be a string with at least one non-whitespace character; `argument` names it in the error (`labels[2]`). */
export function validateLabelText(label: unknown, argument: string): asserts label is string {
  if (typeof label !== 'string') throw new InvalidArgumentError(argument, `${argument} must be a string, got ${describeValue(label)}`);
  if (label.trim() === '') throw new InvalidArgumentError(argument, `${argument} is empty or whitespace (${JSON.stringify(label)}); remove it or give it text`);
}

/**
 * A candidate label list: a non-empty array of non-blank strings, none containing the model's
 * label separator (after NFKC), no two the same after {@link normalizeLabel}. Throws
 * InvalidArgumentError naming the bad value (`labels`, `labels[2]`, `labels[4][1]` for
 * `argument` `labels[4]`).
 */
export function validateLabelList(labels: unknown, argument: string, options: { separator: string }): asserts labels is string[] {
  if (!Array.isArray(labels) || labels.length === 0) {
    throw new InvalidArgumentError(
      argument,
      `${argument} must be a non-empty array of label strings, got ${Array.isArray(labels) ? 'an empty array; pass at least one candidate label' : describeValue(labels)}`,
    );
  }
  const separatorKey = options.separator.normalize('NFKC').trim();
  const seen = new Map<string, number>();
  for (const [index, label] of (labels as unknown[]).entries()) {
    const name = `${argument}[${index}]`;
    validateLabelText(label, name);
    if (label.normalize('NFKC').includes(separatorKey)) {
      throw new InvalidArgumentError(name, `${name} ${preview(label)} contains the model's label separator ${JSON.stringify(separatorKey)} (config.json gliznet.separator); rephrase the label`);
    }
    const key = normalizeLabel(label);
    const previous = seen.get(key);
    if (previous !== undefined) {
      throw new InvalidArgumentError(name, `${name} ${preview(label)} repeats ${argument}[${previous}] ${preview(labels[previous] as string)} (compared ignoring case and spacing); remove duplicate labels`);
    }
    seen.set(key, index);
  }
}
