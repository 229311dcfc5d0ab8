import { normalizeLabel } from '@gliznet/common';

/**
 * A corpus label as records name it: `@gliznet/common`'s `normalizeLabel` (NFKC, whitespace
 * collapsed and trimmed, lower-cased: the key the tokenizer and the SDK compare labels by) after
 * underscores become spaces. `"Find_Restaurants "` -> `"find restaurants"`.
 */
export function corpusLabelName(label: string): string {
  return normalizeLabel(label.normalize('NFKC').replace(/_/g, ' '));
}

/** Key used to detect duplicate texts: the label key (`normalizeLabel`: NFKC, trimmed, whitespace collapsed, lower-cased). */
export function textKey(text: string): string {
  return normalizeLabel(text);
}
