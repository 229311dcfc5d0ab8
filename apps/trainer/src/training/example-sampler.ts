/**
 * Turns a training record (positives + hard negatives) into one training example: a shuffled
 * candidate label list with binary targets. Called every time a record is seen, so each epoch shows
 * the model a different label order and a different set of negatives (it must not learn positions).
 */
import { InvalidArgumentError, type SeededRandom } from '@gliznet/common';
import type { TrainingRecord } from '@gliznet/synth';
import { normalizeLabel } from '@gliznet/tokenizer';
import { LabelPool } from './label-pool.js';

export interface TrainingExample {
  text: string;
  /** Candidate labels in the order shown to the model. */
  labels: string[];
  /** 1 for a positive, 0 for a negative, aligned with `labels`. */
  targets: number[];
}

export interface ExampleSamplerOptions {
  /** Most labels in one example. Default 20 (the original's limit). */
  maxLabels?: number;
  /** Fewest negatives in one example (positives are subsampled to make room). Default 2. */
  minNegatives?: number;
  /**
   * Share of the negative slots given to hard negatives when the record has enough of them; the rest
   * are random labels from other records. Default 0.6.
   */
  hardNegativeShare?: number;
  /**
   * `random` (default): the label count is drawn between (positives + minNegatives) and maxLabels,
   * so the model sees small and large candidate sets; `max`: always fill up to maxLabels.
   */
  labelCount?: 'random' | 'max';
}

/**
 * Builds one example. `randomLabelPool` is the source of random negatives: a {@link LabelPool}
 * (random negatives then never come from the record's own source) or a plain label list; labels equal (by the tokenizer's `normalizeLabel`, the key it rejects duplicates by) to a positive are never used as negatives.
 */
export function sampleTrainingExample(record: TrainingRecord, randomLabelPool: LabelPool | readonly string[], random: SeededRandom, options: ExampleSamplerOptions = {}): TrainingExample {
  const maxLabels = options.maxLabels ?? 20;
  const minNegatives = options.minNegatives ?? 2;
  const hardNegativeShare = options.hardNegativeShare ?? 0.6;
  if (!Number.isInteger(maxLabels) || maxLabels < 2) throw new InvalidArgumentError('maxLabels', `maxLabels must be an integer >= 2, got ${maxLabels}`);
  if (!Number.isInteger(minNegatives) || minNegatives < 0 || minNegatives >= maxLabels) throw new InvalidArgumentError('minNegatives', `minNegatives must be an integer in [0, maxLabels), got ${minNegatives}`);

  const used = new Set<string>();
  const positives: string[] = [];
  for (const label of random.shuffle([...record.labels])) {
    const key = normalizeLabel(label);
    if (used.has(key) || positives.length >= maxLabels - minNegatives) continue;
    used.add(key);
    positives.push(label);
  }
  const smallest = Math.min(maxLabels, Math.max(positives.length + minNegatives, 2));
  const total = options.labelCount === 'max' ? maxLabels : smallest + random.nextInt(maxLabels - smallest + 1);
  const negativeSlots = total - positives.length;

  const negatives: string[] = [];
  const take = (label: string): void => {
    const key = normalizeLabel(label);
    if (used.has(key)) return;
    used.add(key);
    negatives.push(label);
  };
  const hardQuota = Math.round(negativeSlots * hardNegativeShare);
  for (const label of random.shuffle([...(record.negatives ?? [])])) {
    if (negatives.length >= hardQuota) break;
    take(label);
  }
  // Random negatives; bounded attempts so a tiny pool cannot loop forever.
  const pool = randomLabelPool instanceof LabelPool ? randomLabelPool.labels : randomLabelPool;
  const allowed = randomLabelPool instanceof LabelPool ? (label: string) => randomLabelPool.allowsRandom(record, label) : () => true;
  for (let attempts = 0; negatives.length < negativeSlots && attempts < negativeSlots * 20 && pool.length > 0; attempts++) {
    const label = pool[random.nextInt(pool.length)]!;
    if (allowed(label)) take(label);
  }
  // Still short (tiny pool): fall back to the remaining hard negatives.
  for (const label of record.negatives ?? []) {
    if (negatives.length >= negativeSlots) break;
    take(label);
  }

  const order = random.shuffle([...positives.map((label) => ({ label, target: 1 })), ...negatives.map((label) => ({ label, target: 0 }))]);
  return { text: record.text, labels: order.map((entry) => entry.label), targets: order.map((entry) => entry.target) };
}
