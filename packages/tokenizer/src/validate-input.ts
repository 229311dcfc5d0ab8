/**
 * Boundary checks of the tokenizer's public methods. Every failure is an InvalidArgumentError naming
 * the offending value (`text`, `texts[3]`, `labels[2]`, `labels[4][1]`, `options.maxLength`).
 */
import { InvalidArgumentError } from '@gliznet/common';
import { normalizeLabel } from './label-normalization.js';

function preview(value: string): string {
  return JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value);
}

/** A text must be a string with at least one non-whitespace character. */
export function validateText(text: unknown, argument: string): asserts text is string {
  if (typeof text !== 'string') {
    throw new InvalidArgumentError(argument, `${argument} must be a string, got ${text === null ? 'null' : typeof text}`);
  }
  if (text.trim() === '') {
    throw new InvalidArgumentError(argument, `${argument} is empty (${JSON.stringify(text)}); pass a text with at least one non-whitespace character`);
  }
}

/**
 * A label list must be a non-empty array of non-blank strings, free of duplicates (after
 * normalizeLabel) and of the separator string.
 */
export function validateLabels(labels: unknown, argument: string, separator: string): asserts labels is string[] {
  if (!Array.isArray(labels)) {
    throw new InvalidArgumentError(argument, `${argument} must be an array of label strings, got ${labels === null ? 'null' : typeof labels}`);
  }
  if (labels.length === 0) throw new InvalidArgumentError(argument, `${argument} is empty; pass at least one candidate label`);
  const separatorKey = separator.normalize('NFKC').trim();
  const seen = new Map<string, number>();
  for (const [index, label] of (labels as unknown[]).entries()) {
    const name = `${argument}[${index}]`;
    if (typeof label !== 'string') throw new InvalidArgumentError(name, `${name} must be a string, got ${label === null ? 'null' : typeof label}`);
    if (label.trim() === '') throw new InvalidArgumentError(name, `${name} is empty or whitespace (${JSON.stringify(label)}); remove it or give it text`);
    if (label.normalize('NFKC').includes(separatorKey)) {
      throw new InvalidArgumentError(
        name,
        `${name} ${preview(label)} contains the label separator ${JSON.stringify(separatorKey)}; rephrase the label or configure another separator (config.json gliznet.separator)`,
      );
    }
    const key = normalizeLabel(label);
    const previous = seen.get(key);
    if (previous !== undefined) {
      throw new InvalidArgumentError(
        name,
        `${name} ${preview(label)} duplicates ${argument}[${previous}] ${preview(labels[previous] as string)} (labels are compared after NFKC, trimming, whitespace collapsing and lowercasing); remove one of them`,
      );
    }
    seen.set(key, index);
  }
}

/** A window or token count option must be a positive integer. */
export function validatePositiveInteger(value: unknown, argument: string): asserts value is number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value <= 0) {
    throw new InvalidArgumentError(argument, `${argument} must be a positive integer, got ${JSON.stringify(value)}`);
  }
}
