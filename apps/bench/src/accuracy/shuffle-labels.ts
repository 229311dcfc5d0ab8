/**
 * Label-order sensitivity: GliZNet sees all labels in one sequence, so their order could sway its
 * answer. Each row's candidates are shuffled (seeded, per row), scored again, and mapped back; the
 * result is the fraction of rows whose top label changed.
 */
import { InvalidArgumentError, createSeededRandom } from '@gliznet/common';
import { argmax } from '@gliznet/evaluation';

/** One seeded permutation per row: `order[i][k]` is the index (in `labels`) of the label placed at position k. */
export function shuffledLabelOrders(rowCount: number, labelCount: number, options: { seed: number }): number[][] {
  const random = createSeededRandom(options.seed);
  return Array.from({ length: rowCount }, () => random.shuffle(Array.from({ length: labelCount }, (_, index) => index)));
}

/** Scores given in shuffled order, put back in the original label order. */
export function unshuffleScores(shuffledScores: readonly (readonly number[])[], orders: readonly (readonly number[])[]): number[][] {
  return shuffledScores.map((row, rowIndex) => {
    const order = orders[rowIndex]!;
    if (row.length !== order.length) throw new InvalidArgumentError(`shuffledScores[${rowIndex}]`, `row ${rowIndex} has ${row.length} scores for ${order.length} labels`);
    const restored = new Array<number>(order.length);
    order.forEach((labelIndex, position) => {
      restored[labelIndex] = row[position]!;
    });
    return restored;
  });
}

/** Fraction of rows whose argmax differs between the two score tables (same label order). */
export function topLabelChangeRate(original: readonly (readonly number[])[], shuffled: readonly (readonly number[])[]): number {
  if (original.length !== shuffled.length) throw new InvalidArgumentError('shuffled', `${shuffled.length} shuffled rows for ${original.length} rows`);
  if (original.length === 0) return 0;
  let changed = 0;
  original.forEach((row, index) => {
    if (argmax(row) !== argmax(shuffled[index]!)) changed += 1;
  });
  return changed / original.length;
}
