/**
 * Zero-shot evaluation of a tfjs model on an evaluation dataset: every row is scored against the
 * dataset's candidate labels (its .meta.json) by the SDK's pipeline (see score-texts.ts);
 * single-label sets take the top label (softmax), multi-label sets every label whose sigmoid
 * probability reaches the threshold (and, reported separately, the best threshold in hindsight).
 */
import type { GliznetModel } from '@gliznet/core';
import type { JointTokenizer } from '@gliznet/tokenizer';
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
import { scoreTexts, type ScoreTextsOptions } from './score-texts.js';

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

export async function evaluateDataset(model: GliznetModel, tokenizer: JointTokenizer, dataset: EvaluationDataset, options: EvaluateDatasetOptions = {}): Promise<DatasetEvaluation> {
  const rows = sampleRows(dataset.rows, { limit: options.limit, seed: options.seed ?? 1 });
  const { limit: _limit, seed: _seed, threshold: _threshold, ...scoring } = options;
  const probabilities = await scoreTexts(model, tokenizer, rows.map((row) => row.text), dataset.labels, { ...scoring, multiLabel: dataset.multiLabel });
  if (!dataset.multiLabel) {
    const predicted = probabilities.map((row) => dataset.labels[argmax(row)]!);
    const gold = rows.map((row) => row.labels[0]!);
    return { dataset: dataset.name, multiLabel: false, rows: rows.length, metrics: singleLabelMetrics(gold, predicted, { labels: dataset.labels }) };
  }
  const threshold = options.threshold ?? model.settings.threshold;
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
