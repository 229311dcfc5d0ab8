/**
 * The accuracy benchmark: every system scores the same sampled rows of every dataset against the
 * dataset's candidate labels (its `.meta.json`, in order), and each gets the same figures.
 */
import { sampleRows, type EvaluationDataset } from '@gliznet/evaluation';
import type { ZeroShotSystem } from '../systems/zero-shot-system.js';
import { scoreDataset, type DatasetScore } from './score-dataset.js';
import { shuffledLabelOrders, topLabelChangeRate, unshuffleScores } from './shuffle-labels.js';

export interface AccuracyRunOptions {
  /** Rows per dataset (seeded sample, file order kept). Default: all rows. */
  limit?: number;
  /** Seed of the row sample and of the label shuffles. */
  seed: number;
  /** Also score with each row's labels shuffled and report how often the top label changes. Default false. */
  shuffleLabels?: boolean;
  /** Texts per classify call (progress granularity). Default 64. */
  chunkSize?: number;
  /** Called before the first chunk (done 0) and after each chunk. */
  onProgress?: (event: { dataset: string; system: string; done: number; total: number }) => void;
}

export interface LabelShuffleResult {
  seed: number;
  /** Fraction of rows whose top-scoring label changed when the candidates were shuffled. */
  topLabelChangedFraction: number;
  /** The figures with shuffled candidates. */
  score: DatasetScore;
}

export interface SystemAccuracy {
  system: string;
  score: DatasetScore;
  /** Wall time of the scoring (not a speed figure: batch sizes and warm-up are not controlled here). */
  seconds: number;
  shuffle?: LabelShuffleResult;
}

export interface DatasetAccuracy {
  name: string;
  path: string;
  multiLabel: boolean;
  labels: string[];
  rowsAvailable: number;
  rowsUsed: number;
  results: SystemAccuracy[];
}

async function scoreAll(system: ZeroShotSystem, texts: readonly string[], labelsPerText: readonly (readonly string[])[], multiLabel: boolean, chunkSize: number, progress: (done: number) => void): Promise<number[][]> {
  const scores: number[][] = [];
  progress(0);
  for (let start = 0; start < texts.length; start += chunkSize) {
    const end = Math.min(texts.length, start + chunkSize);
    scores.push(...(await system.classify(texts.slice(start, end), labelsPerText.slice(start, end), { multiLabel })));
    progress(end);
  }
  return scores;
}

/** Runs every system on every dataset (the same rows for all systems). */
export async function runAccuracy(systems: readonly ZeroShotSystem[], datasets: readonly EvaluationDataset[], options: AccuracyRunOptions): Promise<DatasetAccuracy[]> {
  const chunkSize = options.chunkSize ?? 64;
  const results: DatasetAccuracy[] = [];
  for (const dataset of datasets) {
    const rows = sampleRows(dataset.rows, { ...(options.limit === undefined ? {} : { limit: options.limit }), seed: options.seed });
    const texts = rows.map((row) => row.text);
    const gold = rows.map((row) => row.labels);
    const labelsPerText = rows.map(() => dataset.labels);
    const orders = options.shuffleLabels ? shuffledLabelOrders(rows.length, dataset.labels.length, { seed: options.seed }) : [];
    const shuffledLabels = orders.map((order) => order.map((index) => dataset.labels[index]!));
    const systemResults: SystemAccuracy[] = [];
    for (const system of systems) {
      const report = (pass: string) => (done: number) => options.onProgress?.({ dataset: dataset.name, system: `${system.name}${pass}`, done, total: rows.length });
      const started = performance.now();
      const scores = await scoreAll(system, texts, labelsPerText, dataset.multiLabel, chunkSize, report(''));
      const seconds = (performance.now() - started) / 1000;
      const scoreOptions = { labels: dataset.labels, multiLabel: dataset.multiLabel, threshold: system.threshold };
      const result: SystemAccuracy = { system: system.name, score: scoreDataset(gold, scores, scoreOptions), seconds };
      if (options.shuffleLabels) {
        const shuffledScores = unshuffleScores(await scoreAll(system, texts, shuffledLabels, dataset.multiLabel, chunkSize, report(' (shuffled labels)')), orders);
        result.shuffle = { seed: options.seed, topLabelChangedFraction: topLabelChangeRate(scores, shuffledScores), score: scoreDataset(gold, shuffledScores, scoreOptions) };
      }
      systemResults.push(result);
    }
    results.push({ name: dataset.name, path: dataset.path, multiLabel: dataset.multiLabel, labels: [...dataset.labels], rowsAvailable: dataset.rows.length, rowsUsed: rows.length, results: systemResults });
  }
  return results;
}
