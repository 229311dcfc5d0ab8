/**
 * Validation and normalisation of `classify`'s text and label arguments: one text or many, one label
 * list shared by all texts or one list per text. Everything is checked here, with the caller's own
 * indices in the messages (`texts[4]`, `labels[2][1]`), before texts are windowed and batched (the
 * tokenizer would otherwise name positions inside a batch). The rules are the tokenizer's: texts
 * with visible characters, and labels checked by @gliznet/common's `validateLabelList` (the
 * tokenizer's check too: non-blank, without the separator, no duplicates after `normalizeLabel`).
 */
import { InvalidArgumentError, validateLabelList } from '@gliznet/common';

export interface NormalizedClassifyInput {
  texts: string[];
  labelLists: (readonly string[])[];
  /** True when the caller passed one text (and expects one result, not an array). */
  single: boolean;
}

function checkLabelList(labels: unknown, argument: string, separator: string): readonly string[] {
  validateLabelList(labels, argument, { separator });
  return labels;
}

/** Checks `textOrTexts` and `labels` and returns one label list per text. `separator`: the model's label separator. */
export function normalizeClassifyInput(textOrTexts: unknown, labels: unknown, options: { separator: string }): NormalizedClassifyInput {
  const single = typeof textOrTexts === 'string';
  if (!single && !Array.isArray(textOrTexts)) {
    throw new InvalidArgumentError('text', `text must be a string or an array of strings, got ${textOrTexts === null ? 'null' : typeof textOrTexts}`);
  }
  const texts = single ? [textOrTexts] : (textOrTexts as unknown[]);
  texts.forEach((text, index) => {
    const name = single ? 'text' : `texts[${index}]`;
    if (typeof text !== 'string') throw new InvalidArgumentError(name, `${name} must be a string, got ${text === null ? 'null' : typeof text}`);
    if (text.trim() === '') throw new InvalidArgumentError(name, `${name} is empty (${JSON.stringify(text)}); pass a text with at least one non-whitespace character`);
  });
  if (!Array.isArray(labels)) throw new InvalidArgumentError('labels', `labels must be an array of strings (or one array per text), got ${labels === null ? 'null' : typeof labels}`);
  const perText = labels.length > 0 && labels.every((entry) => Array.isArray(entry));
  let labelLists: (readonly string[])[];
  if (perText) {
    if (single) throw new InvalidArgumentError('labels', 'one text was given, so labels must be one array of strings, not an array of arrays');
    if (labels.length !== texts.length) {
      throw new InvalidArgumentError('labels', `labels has ${labels.length} label lists for ${texts.length} texts; give one list per text or one list shared by all`);
    }
    labelLists = labels.map((list, index) => checkLabelList(list, `labels[${index}]`, options.separator));
  } else {
    const shared = checkLabelList(labels, 'labels', options.separator);
    labelLists = texts.map(() => shared);
  }
  return { texts: texts as string[], labelLists, single };
}
