/**
 * Classification metrics with scikit-learn's conventions, so figures compare with published ones:
 * - per-label precision / recall / F1, with 0 where the denominator is 0;
 * - macro averages over the labels that occur in the gold labels or in the predictions (a label with
 *   gold examples that is never predicted counts, with F1 0; a candidate that neither occurs nor is
 *   predicted is left out, as scikit-learn does with its default `labels=None`);
 * - micro averages from the summed counts (multi-label).
 */
import { InvalidArgumentError } from '@gliznet/common';

export interface LabelScores {
  label: string;
  precision: number;
  recall: number;
  f1: number;
  /** Gold occurrences. */
  support: number;
  /** Predicted occurrences. */
  predicted: number;
}

export interface SingleLabelMetrics {
  count: number;
  accuracy: number;
  macroPrecision: number;
  macroRecall: number;
  macroF1: number;
  perLabel: LabelScores[];
}

export interface MultiLabelMetrics {
  count: number;
  microPrecision: number;
  microRecall: number;
  microF1: number;
  macroF1: number;
  /** Rows whose predicted set equals the gold set exactly. */
  subsetAccuracy: number;
  perLabel: LabelScores[];
}

function ratio(numerator: number, denominator: number): number {
  return denominator === 0 ? 0 : numerator / denominator;
}

function f1Score(precision: number, recall: number): number {
  return precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
}

interface Counts {
  truePositives: number;
  support: number;
  predicted: number;
}

function perLabelScores(labels: readonly string[], counts: Map<string, Counts>): LabelScores[] {
  return labels
    .filter((label) => {
      const count = counts.get(label)!;
      return count.support > 0 || count.predicted > 0;
    })
    .map((label) => {
      const { truePositives, support, predicted } = counts.get(label)!;
      const precision = ratio(truePositives, predicted);
      const recall = ratio(truePositives, support);
      return { label, precision, recall, f1: f1Score(precision, recall), support, predicted };
    });
}

function mean(values: number[]): number {
  return values.length === 0 ? 0 : values.reduce((sum, value) => sum + value, 0) / values.length;
}

function countsFor(labels: readonly string[]): Map<string, Counts> {
  return new Map(labels.map((label) => [label, { truePositives: 0, support: 0, predicted: 0 }]));
}

function checkKnown(counts: Map<string, Counts>, label: string, argument: string): Counts {
  const count = counts.get(label);
  if (count === undefined) throw new InvalidArgumentError(argument, `${argument}: label ${JSON.stringify(label)} is not among the candidate labels`);
  return count;
}

/** Accuracy and macro scores for single-label predictions (one gold and one predicted label per row). */
export function singleLabelMetrics(gold: readonly string[], predicted: readonly string[], options: { labels: readonly string[] }): SingleLabelMetrics {
  if (gold.length !== predicted.length) throw new InvalidArgumentError('predicted', `singleLabelMetrics: ${gold.length} gold labels but ${predicted.length} predictions`);
  const counts = countsFor(options.labels);
  let correct = 0;
  gold.forEach((goldLabel, row) => {
    const predictedLabel = predicted[row]!;
    checkKnown(counts, goldLabel, `gold[${row}]`).support += 1;
    checkKnown(counts, predictedLabel, `predicted[${row}]`).predicted += 1;
    if (goldLabel === predictedLabel) {
      correct += 1;
      counts.get(goldLabel)!.truePositives += 1;
    }
  });
  const perLabel = perLabelScores(options.labels, counts);
  return {
    count: gold.length,
    accuracy: ratio(correct, gold.length),
    macroPrecision: mean(perLabel.map((score) => score.precision)),
    macroRecall: mean(perLabel.map((score) => score.recall)),
    macroF1: mean(perLabel.map((score) => score.f1)),
    perLabel,
  };
}

/** Micro / macro scores for multi-label predictions (a set of labels per row, possibly empty). */
export function multiLabelMetrics(gold: readonly (readonly string[])[], predicted: readonly (readonly string[])[], options: { labels: readonly string[] }): MultiLabelMetrics {
  if (gold.length !== predicted.length) throw new InvalidArgumentError('predicted', `multiLabelMetrics: ${gold.length} gold rows but ${predicted.length} predicted rows`);
  const counts = countsFor(options.labels);
  let exact = 0;
  gold.forEach((goldLabels, row) => {
    const goldSet = new Set(goldLabels);
    const predictedSet = new Set(predicted[row]!);
    for (const label of goldSet) checkKnown(counts, label, `gold[${row}]`).support += 1;
    for (const label of predictedSet) {
      const count = checkKnown(counts, label, `predicted[${row}]`);
      count.predicted += 1;
      if (goldSet.has(label)) count.truePositives += 1;
    }
    if (goldSet.size === predictedSet.size && [...goldSet].every((label) => predictedSet.has(label))) exact += 1;
  });
  let truePositives = 0;
  let support = 0;
  let predictedTotal = 0;
  for (const count of counts.values()) {
    truePositives += count.truePositives;
    support += count.support;
    predictedTotal += count.predicted;
  }
  const microPrecision = ratio(truePositives, predictedTotal);
  const microRecall = ratio(truePositives, support);
  const perLabel = perLabelScores(options.labels, counts);
  return {
    count: gold.length,
    microPrecision,
    microRecall,
    microF1: f1Score(microPrecision, microRecall),
    macroF1: mean(perLabel.map((score) => score.f1)),
    subsetAccuracy: ratio(exact, gold.length),
    perLabel,
  };
}

/** Index of the highest score (first one on ties). */
export function argmax(scores: readonly number[]): number {
  if (scores.length === 0) throw new InvalidArgumentError('scores', 'argmax of an empty score list');
  let best = 0;
  for (let index = 1; index < scores.length; index++) if (scores[index]! > scores[best]!) best = index;
  return best;
}

/** Labels whose score reaches `threshold` (scores aligned with `labels`). */
export function labelsAtThreshold(scores: readonly number[], labels: readonly string[], threshold: number): string[] {
  return labels.filter((_, index) => scores[index]! >= threshold);
}

export interface ThresholdSweep {
  /** The threshold with the best micro-F1 (the lowest such threshold on ties). */
  threshold: number;
  metrics: MultiLabelMetrics;
  /** Micro-F1 at every threshold tried, for charts. */
  curve: { threshold: number; microF1: number; macroF1: number }[];
}

/**
 * Tries thresholds (default 0.05, 0.10, ... 0.95) on per-label probabilities and reports the one
 * that would have been best by micro-F1. This looks at the gold labels: report it separately from
 * the scores at the model's default threshold, never instead of them.
 */
export function sweepThresholds(gold: readonly (readonly string[])[], scores: readonly (readonly number[])[], options: { labels: readonly string[]; thresholds?: readonly number[] }): ThresholdSweep {
  const thresholds = options.thresholds ?? Array.from({ length: 19 }, (_, index) => Math.round((index + 1) * 5) / 100);
  let best: ThresholdSweep | undefined;
  const curve: ThresholdSweep['curve'] = [];
  for (const threshold of thresholds) {
    const predicted = scores.map((row) => labelsAtThreshold(row, options.labels, threshold));
    const metrics = multiLabelMetrics(gold, predicted, options);
    curve.push({ threshold, microF1: metrics.microF1, macroF1: metrics.macroF1 });
    if (best === undefined || metrics.microF1 > best.metrics.microF1) best = { threshold, metrics, curve };
  }
  if (best === undefined) throw new InvalidArgumentError('thresholds', 'sweepThresholds needs at least one threshold');
  return { ...best, curve };
}
