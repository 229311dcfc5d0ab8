/**
 * Grouping of passes into batches of similar length, so each batch pads to a length close to its
 * members' own (the model cost grows with the padded length).
 */
import { InvalidArgumentError } from '@gliznet/common';

/**
 * Splits `items` into batches of at most `batchSize`, after sorting them by `lengthOf` descending
 * (stable). Every item appears in exactly one batch; callers map results back by their own indices.
 */
export function batchBySimilarLength<T>(items: readonly T[], batchSize: number, lengthOf: (item: T) => number): T[][] {
  if (!Number.isInteger(batchSize) || batchSize < 1) {
    throw new InvalidArgumentError('batchSize', `batchSize must be a positive integer, got ${String(batchSize)}`);
  }
  const order = items.map((item, index) => ({ item, index, length: lengthOf(item) }));
  order.sort((left, right) => right.length - left.length || left.index - right.index);
  const batches: T[][] = [];
  for (let start = 0; start < order.length; start += batchSize) {
    batches.push(order.slice(start, start + batchSize).map((entry) => entry.item));
  }
  return batches;
}
