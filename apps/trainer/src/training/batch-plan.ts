/**
 * The order in which an epoch visits the training examples: shuffled, then grouped by token length
 * inside large random windows so batches carry little padding, then the batches shuffled again.
 * The plan is a pure function of (seed, epoch), so a resumed run recomputes exactly the same plan
 * and only needs to remember how many batches of the epoch it has done.
 */
import { InvalidArgumentError, createSeededRandom, type SeededRandom } from '@gliznet/common';

export interface BatchPlanOptions {
  batchSize: number;
  seed: number;
  epoch: number;
  /** Window, in batches, inside which examples are sorted by length. Default 50; 1 turns bucketing off. */
  bucketWindow?: number;
}

/** A generator derived from (seed, ...parts): independent streams without shared state. */
export function derivedRandom(seed: number, ...parts: number[]): SeededRandom {
  let mixed = seed >>> 0;
  for (const part of parts) mixed = (Math.imul(mixed ^ (part >>> 0), 0x9e3779b1) + 0x7f4a7c15) >>> 0;
  return createSeededRandom(mixed);
}

/** Example indices per batch for one epoch. `lengths[i]` is example i's token count. */
export function planEpochBatches(lengths: readonly number[], options: BatchPlanOptions): number[][] {
  const { batchSize, seed, epoch } = options;
  const bucketWindow = options.bucketWindow ?? 50;
  if (!Number.isInteger(batchSize) || batchSize <= 0) throw new InvalidArgumentError('batchSize', `batchSize must be a positive integer, got ${batchSize}`);
  if (!Number.isInteger(bucketWindow) || bucketWindow <= 0) throw new InvalidArgumentError('bucketWindow', `bucketWindow must be a positive integer, got ${bucketWindow}`);
  const random = derivedRandom(seed, 0x0ba7c4, epoch);
  const order = random.shuffle(lengths.map((_, index) => index));
  const windowSize = batchSize * bucketWindow;
  const batches: number[][] = [];
  for (let start = 0; start < order.length; start += windowSize) {
    const window = order.slice(start, start + windowSize);
    if (bucketWindow > 1) window.sort((a, b) => lengths[a]! - lengths[b]! || a - b);
    for (let offset = 0; offset < window.length; offset += batchSize) batches.push(window.slice(offset, offset + batchSize));
  }
  return random.shuffle(batches);
}
