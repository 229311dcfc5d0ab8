/**
 * `maxLabelsPerPass`: caps how many labels share one GliZNet pass. Window planning packs as many
 * labels as fit beside the text; a model trained with at most N labels per sequence may score better
 * when it sees at most about N at inference. Each over-full chunk is split into near-equal parts,
 * which still fit the window (they are subsets of a chunk that fits).
 */
import { InvalidArgumentError } from '@gliznet/common';

/**
 * Splits every chunk (of labels, or of label indices) holding more than `maxLabelsPerPass` into
 * near-equal consecutive parts; smaller chunks are kept as they are, and the order is preserved.
 */
export function capLabelsPerPass<T>(chunks: readonly (readonly T[])[], options: { maxLabelsPerPass: number }): T[][] {
  const cap = options.maxLabelsPerPass;
  if (!Number.isInteger(cap) || cap < 1) throw new InvalidArgumentError('maxLabelsPerPass', `maxLabelsPerPass must be a positive integer, got ${JSON.stringify(cap)}`);
  const result: T[][] = [];
  for (const chunk of chunks) {
    const parts = Math.ceil(chunk.length / cap);
    if (parts <= 1) {
      result.push([...chunk]);
      continue;
    }
    const base = Math.floor(chunk.length / parts);
    const larger = chunk.length % parts; // the first `larger` parts get one label more
    let start = 0;
    for (let part = 0; part < parts; part++) {
      const size = base + (part < larger ? 1 : 0);
      result.push(chunk.slice(start, start + size));
      start += size;
    }
  }
  return result;
}
