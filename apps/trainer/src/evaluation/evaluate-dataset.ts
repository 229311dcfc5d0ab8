/**
 * Zero-shot evaluation of a tfjs model on an evaluation dataset: every row is scored against the
 * dataset's candidate labels (its .meta.json); single-label sets take the top label, multi-label
 * sets every label whose probability reaches the threshold (and, reported separately, the best
 * threshold in hindsight).
 */
import type { GliznetModel } from '@gliznet/core';
import type { GliznetTokenizer } from '@gliznet/tokenizer';
import {
  argmax,
  labelsAtThreshold,
  multiLabelMetrics,
  sampleRows,
  singleLabelMetrics,
  sweepThresholds,
  type EvaluationDataset,
  type MultiLabelMetrics,
  type SingleLabelMetrics,
} from '@gliznet/evaluation';
import { scoreTexts, sigmoid, type ScoreTextsOptions } from './score-texts.js';

export type DatasetEvaluation =
  | { dataset: string; multiLabel: false; rows: number; metrics: SingleLabelMetrics }
  | { dataset: string; multiLabel: true; rows: number; threshold: number; metrics: MultiLabelMetrics; bestThreshold: { threshold: number; microF1: number; macroF1: number } };

export interface EvaluateDatasetOptions extends ScoreTextsOptions {
  /** Rows to sample (seeded); all rows by default. */
  limit?: number;
  /** Sampling seed. Default 1. */
  seed?: number;
  /** Multi-label threshold. Default: the model's `gliznet.threshold`. */
  threshold?: number;
}

export async function evaluateDataset(model: GliznetModel, tokenizer: GliznetTokenizer, dataset: EvaluationDataset, options: EvaluateDatasetOptions = {}): Promise<DatasetEvaluation> {
  const rows = sampleRows(dataset.rows, { limit: options.limit, seed: options.seed ?? 1 });
  const logits = await scoreTexts(model, tokenizer, rows.map((row) => row.text), dataset.labels, options);
  if (!dataset.multiLabel) {
    const predicted = logits.map((row) => dataset.labels[argmax(row)]!);
    const gold = rows.map((row) => row.labels[0]!);
    return { dataset: dataset.name, multiLabel: false, rows: rows.length, metrics: singleLabelMetrics(gold, predicted, { labels: dataset.labels }) };
  }
  const threshold = options.threshold ?? model.settings.threshold;
  const probabilities = logits.map((row) => row.map(sigmoid));
  const gold = rows.map((row) => row.labels);
  const metrics = multiLabelMetrics(gold, probabilities.map((row) => labelsAtThreshold(row, dataset.labels, threshold)), { labels: dataset.labels });
  const sweep = sweepThresholds(gold, probabilities, { labels: dataset.labels });
  return {
    dataset: dataset.name,
    multiLabel: true,
    rows: rows.length,
    threshold,
    metrics,
    bestThreshold: { threshold: sweep.threshold, microF1: sweep.metrics.microF1, macroF1: sweep.metrics.macroF1 },
  };
}
