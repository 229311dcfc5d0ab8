/**
 * Label normalisation for duplicate detection: NFKC, trim, collapse whitespace runs to one space,
 * lowercase. "Sports", " sports " and "ＳＰＯＲＴＳ" are the same label. Labels keep their original
 * text for encoding; this key is only used to find duplicates.
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
