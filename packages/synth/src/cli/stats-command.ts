import { DatasetStatsAccumulator, formatDatasetStats, type DatasetStats } from '../records/dataset-stats.js';
import { formatRecordProblem, readRecords, type RecordProblem } from '../records/read-records.js';
import type { CommandOutput } from './progress-renderer.js';

/** Parsed options of `data stats`. */
export interface StatsCommandOptions {
  /** JSON-lines record files; statistics are computed over all of them together. */
  files: readonly string[];
  /** Print JSON instead of the table. */
  json?: boolean;
  /** Labels listed in the table (default 15). */
  topLabels?: number;
  /** Bad lines: `'skip'` (default; each reported on stderr) or `'stop'`. */
  onInvalid?: 'skip' | 'stop';
}

/** `data stats`: streams record files and prints their statistics. Returns them with the skipped lines. */
export async function runStatsCommand(
  options: StatsCommandOptions,
  output: CommandOutput = { stdout: process.stdout, stderr: process.stderr },
): Promise<{ stats: DatasetStats; problems: RecordProblem[] }> {
  const accumulator = new DatasetStatsAccumulator();
  const problems: RecordProblem[] = [];
  for (const file of options.files) {
    for await (const { record } of readRecords(file, {
      onInvalid: options.onInvalid ?? 'skip',
      onProblem: (problem) => {
        problems.push(problem);
        output.stderr.write(`skipped ${formatRecordProblem(problem)}\n`);
      },
    })) {
      accumulator.add(record);
    }
  }
  const stats = accumulator.result();
  output.stdout.write(
    options.json === true
      ? `${JSON.stringify({ files: options.files, skippedLines: problems.length, ...stats }, null, 2)}\n`
      : `${formatDatasetStats(stats, { topLabels: options.topLabels ?? 15 })}${problems.length > 0 ? `skipped lines: ${problems.length}\n` : ''}`,
  );
  return { stats, problems };
}
