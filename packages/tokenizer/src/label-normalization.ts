/**
 * Label normalisation for duplicate detection: NFKC, trim, collapse whitespace runs to one space,
 * lowercase. "Sports", " sports " and "ＳＰＯＲＴＳ" are the same label. Labels keep their original
 * text for encoding; this key is only used to find duplicates.
 */
export function normalizeLabel(label: string): string {
  return label.normalize('NFKC').trim().replace(/\s+/gu, ' ').toLowerCase();
}
