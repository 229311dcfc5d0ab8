/**
 * The label pool the speed benchmark draws 1..128 labels from: the candidate labels of the
 * evaluation sets (agnews, trec, banking77, situation, sst2, from their `.meta.json`) plus a fixed
 * list of everyday topics, de-duplicated, then shuffled with the run's seed. Label counts take
 * nested prefixes of that order, so 8 labels are among the 16, and so on.
 */
import { readFile } from 'node:fs/promises';
import { InvalidArgumentError, createSeededRandom } from '@gliznet/common';

/** Datasets whose label names join the pool. */
export const LABEL_POOL_DATASETS = ['agnews', 'trec', 'banking77', 'situation', 'sst2'] as const;

/** Topics added so the pool reaches well past 128 labels. */
export const EXTRA_POOL_LABELS: readonly string[] = [
  'weather', 'travel', 'health', 'education', 'religion', 'fashion', 'cooking', 'gardening', 'real estate', 'law',
  'crime', 'military', 'space exploration', 'climate change', 'energy', 'transportation', 'agriculture', 'art',
  'literature', 'history', 'philosophy', 'psychology', 'parenting', 'pets', 'video games', 'movies', 'television',
  'music', 'fitness', 'nutrition', 'medicine', 'insurance', 'cryptocurrency', 'stock market', 'employment',
  'immigration', 'elections', 'diplomacy', 'natural disaster', 'wildlife', 'astronomy', 'chemistry', 'mathematics',
  'software', 'hardware', 'social media', 'celebrities', 'tourism',
];

/** Reads the label names of `NAME.meta.json` files. */
export async function readMetaLabels(metaPaths: readonly string[]): Promise<string[]> {
  const labels: string[] = [];
  for (const path of metaPaths) {
    const meta = JSON.parse(await readFile(path, 'utf8')) as { labels?: unknown };
    if (!Array.isArray(meta.labels)) throw new InvalidArgumentError('metaPaths', `${path} has no "labels" array`);
    labels.push(...meta.labels.filter((label): label is string => typeof label === 'string'));
  }
  return labels;
}

/** De-duplicates (case-insensitively, first spelling kept) and shuffles with `seed`. */
export function buildLabelPool(labels: readonly string[], options: { seed: number }): string[] {
  const seen = new Set<string>();
  const unique: string[] = [];
  for (const label of labels) {
    const key = label.trim().toLowerCase();
    if (key === '' || seen.has(key)) continue;
    seen.add(key);
    unique.push(label.trim());
  }
  return createSeededRandom(options.seed).shuffle(unique);
}

/** The first `count` labels of the pool; InvalidArgumentError when the pool is smaller. */
export function takeLabels(pool: readonly string[], count: number): string[] {
  if (!Number.isInteger(count) || count < 1) throw new InvalidArgumentError('labels', `label counts must be positive integers, got ${count}`);
  if (count > pool.length) throw new InvalidArgumentError('labels', `${count} labels requested but the label pool has ${pool.length}; use at most ${pool.length}`);
  return pool.slice(0, count);
}
