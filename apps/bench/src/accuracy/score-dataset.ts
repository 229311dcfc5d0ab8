/**
 * Turns one system's scores on one dataset into the reported figures: argmax accuracy and macro-F1
 * for single-label sets; micro / macro-F1 at the system's own threshold for multi-label sets, plus
 * the threshold that would have been best (the "oracle", which looks at the gold labels and is
 * reported separately, never instead).
 */
import { InvalidArgumentError } from '@gliznet/common';
import { argmax, labelsAtThreshold, multiLabelMetrics, singleLabelMetrics, sweepThresholds } from '@gliznet/evaluation';

export interface SingleLabelResult {
  type: 'single-label';
  rows: number;
  accuracy: number;
  macroF1: number;
  macroPrecision: number;
  macroRecall: number;
}

export interface MultiLabelResult {
  type: 'multi-label';
  rows: number;
  /** The system's own threshold (model config or documented fixed value). */
  threshold: number;
  microF1: number;
  macroF1: number;
  subsetAccuracy: number;
  /** Best threshold by micro-F1 on these very rows: an upper bound, not a result. */
  oracleThreshold: number;
  oracleMicroF1: number;
  oracleMacroF1: number;
}

export type DatasetScore = SingleLabelResult | MultiLabelResult;

/** Thresholds the oracle sweep tries: 0.05 ... 0.95 in steps of 0.05, as probabilities or cosines. */
export const ORACLE_THRESHOLDS: readonly number[] = Array.from({ length: 19 }, (_, index) => Math.round((index + 1) * 5) / 100);

function checkShapes(gold: readonly (readonly string[])[], scores: readonly (readonly number[])[], labels: readonly string[]): void {
  if (gold.length !== scores.length) throw new InvalidArgumentError('scores', `${scores.length} score rows for ${gold.length} gold rows`);
  scores.forEach((row, index) => {
    if (row.length !== labels.length) throw new InvalidArgumentError(`scores[${index}]`, `scores[${index}] has ${row.length} values for ${labels.length} candidate labels`);
  });
}

/** Figures for one system on one dataset. `scores[i][j]` is the score of `labels[j]` for row i. */
export function scoreDataset(
  gold: readonly (readonly string[])[],
  scores: readonly (readonly number[])[],
  options: { labels: readonly string[]; multiLabel: boolean; threshold: number },
): DatasetScore {
  const { labels } = options;
  checkShapes(gold, scores, labels);
  if (!options.multiLabel) {
    const goldLabels = gold.map((row, index) => {
      if (row.length !== 1) throw new InvalidArgumentError(`gold[${index}]`, `single-label row ${index} has ${row.length} gold labels; mark the dataset multi_label in its .meta.json`);
      return row[0]!;
    });
    const predicted = scores.map((row) => labels[argmax(row)]!);
    const metrics = singleLabelMetrics(goldLabels, predicted, { labels });
    return { type: 'single-label', rows: gold.length, accuracy: metrics.accuracy, macroF1: metrics.macroF1, macroPrecision: metrics.macroPrecision, macroRecall: metrics.macroRecall };
  }
  const predicted = scores.map((row) => labelsAtThreshold(row, labels, options.threshold));
  const metrics = multiLabelMetrics(gold, predicted, { labels });
  const oracle = sweepThresholds(gold, scores, { labels, thresholds: ORACLE_THRESHOLDS });
  return {
    type: 'multi-label',
    rows: gold.length,
    threshold: options.threshold,
    microF1: metrics.microF1,
    macroF1: metrics.macroF1,
    subsetAccuracy: metrics.subsetAccuracy,
    oracleThreshold: oracle.threshold,
    oracleMicroF1: oracle.metrics.microF1,
    oracleMacroF1: oracle.metrics.macroF1,
  };
}
