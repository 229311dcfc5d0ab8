/**
 * The files of a run: `results.json` (everything, with provenance), `results.csv` (one row per
 * dataset x system, or label count x system) and the charts as SVG + PNG.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DataFormatError, writeFileAtomic, writeJsonAtomic } from '@gliznet/common';
import type { DatasetAccuracy } from '../accuracy/run-accuracy.js';
import type { LabelCountSpeed } from '../speed/run-speed.js';
import type { SystemDescription } from '../systems/zero-shot-system.js';
import { toCsv, type CsvValue } from './csv.js';
import type { RunEnvironment } from './run-environment.js';

/** Every results.json carries this block. */
export interface RunProvenance {
  /** `accuracy` or `speed`. */
  command: string;
  /** The command as typed (`pnpm bench ...`), to reproduce the run. */
  commandLine: string;
  startedAt: string;
  finishedAt: string;
  seed: number;
  environment: RunEnvironment;
  systems: SystemDescription[];
  /** Every setting that shaped the figures (limits, thread counts, repetitions, ...). */
  settings: Record<string, string | number | boolean | null | number[] | string[]>;
  /** Files of this run (relative to its directory). */
  files: string[];
}

export interface AccuracyResults extends RunProvenance {
  command: 'accuracy';
  datasets: DatasetAccuracy[];
}

export interface SpeedResults extends RunProvenance {
  command: 'speed';
  /** The speed target: throughput ratio >= this share of the token ratio. */
  targetFraction: number;
  labelCounts: LabelCountSpeed[];
}

export type BenchResults = AccuracyResults | SpeedResults;

export const ACCURACY_CSV_HEADER = [
  'dataset', 'system', 'rows', 'multi_label', 'accuracy', 'macro_f1', 'micro_f1', 'subset_accuracy', 'threshold',
  'oracle_threshold', 'oracle_micro_f1', 'oracle_macro_f1', 'shuffle_top_label_changed', 'seconds',
] as const;

export function accuracyCsv(results: AccuracyResults): string {
  const rows: CsvValue[][] = [];
  for (const dataset of results.datasets) {
    for (const result of dataset.results) {
      const score = result.score;
      const multi = score.type === 'multi-label' ? score : undefined;
      rows.push([
        dataset.name, result.system, score.rows, dataset.multiLabel,
        score.type === 'single-label' ? score.accuracy : null, score.macroF1, multi?.microF1, multi?.subsetAccuracy, multi?.threshold,
        multi?.oracleThreshold, multi?.oracleMicroF1, multi?.oracleMacroF1, result.shuffle?.topLabelChangedFraction, result.seconds,
      ]);
    }
  }
  return toCsv(ACCURACY_CSV_HEADER, rows);
}

export const SPEED_CSV_HEADER = [
  'num_labels', 'system', 'kind', 'texts_per_second', 'latency_p50_ms', 'latency_p95_ms', 'tokens_per_text',
  'throughput_ratio', 'token_ratio', 'fraction_of_token_ratio', 'meets_target',
] as const;

export function speedCsv(results: SpeedResults): string {
  const rows: CsvValue[][] = [];
  for (const entry of results.labelCounts) {
    for (const system of entry.systems) {
      rows.push([
        entry.numLabels, system.system, system.kind, system.textsPerSecond, system.latencyP50Ms, system.latencyP95Ms, system.tokensPerText,
        entry.ratios?.throughputRatio, entry.ratios?.tokenRatio, entry.ratios?.fractionOfTokenRatio, entry.ratios?.meetsTarget,
      ]);
    }
  }
  return toCsv(SPEED_CSV_HEADER, rows);
}

export interface ChartFiles {
  /** File stem, e.g. `accuracy-macro-f1`. */
  name: string;
  svg: string;
  png: Uint8Array;
}

/** Writes results.json, results.csv and every chart into `directory`; returns the file names. */
export async function writeRunFiles(directory: string, results: BenchResults, charts: readonly ChartFiles[]): Promise<string[]> {
  const files = ['results.json', 'results.csv', ...charts.flatMap((chart) => [`${chart.name}.svg`, `${chart.name}.png`])];
  for (const chart of charts) {
    await writeFileAtomic(join(directory, `${chart.name}.svg`), chart.svg);
    await writeFileAtomic(join(directory, `${chart.name}.png`), chart.png);
  }
  await writeFileAtomic(join(directory, 'results.csv'), results.command === 'accuracy' ? accuracyCsv(results) : speedCsv(results));
  await writeJsonAtomic(join(directory, 'results.json'), { ...results, files });
  return files;
}

/** Reads a run's results.json; DataFormatError when it is missing or not a bench result. */
export async function readRunResults(directory: string): Promise<BenchResults> {
  const path = join(directory, 'results.json');
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(path, 'utf8'));
  } catch (error) {
    throw new DataFormatError(path, `cannot read ${path}: ${(error as Error).message}. Pass a directory written by \`pnpm bench accuracy\` or \`pnpm bench speed\`.`, { cause: error });
  }
  const command = (parsed as { command?: unknown }).command;
  if (command !== 'accuracy' && command !== 'speed') throw new DataFormatError(path, `${path} is not a bench result (its "command" is ${JSON.stringify(command)})`);
  return parsed as BenchResults;
}
