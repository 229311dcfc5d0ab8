/**
 * Normalises a label name: NFKC, underscores to spaces, whitespace collapsed and trimmed,
 * lower-cased. `"Find_Restaurants "` -> `"find restaurants"`.
 */
export function normalizeLabel(label: string): string {
  return label.normalize('NFKC').replace(/_/g, ' ').replace(/\s+/g, ' ').trim().toLowerCase();
}

/** Key used to detect duplicate texts: trimmed, lower-cased, whitespace collapsed. */
export function textKey(text: string): string {
  return text.normalize('NFKC').trim().toLowerCase().replace(/\s+/g, ' ');
}
