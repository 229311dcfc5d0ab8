import { join } from 'node:path';
import { buildCorpusDataset, type BuildCorpusOptions, type CorpusBuildReport } from '../corpus/build-corpus-dataset.js';
import { InvalidArgumentError } from '@gliznet/common';
import { listCorpora } from '../corpus/read-corpus.js';
import { findRepositoryRoot, locateSharedDirectory } from '../corpus/shared-directory.js';
import { formatDatasetStats } from '../records/dataset-stats.js';
import { createProgressRenderer, type CommandOutput } from './progress-renderer.js';

/** Parsed options of `data build` (the trainer's CLI parses flags into this). */
export interface BuildCommandOptions extends Partial<Omit<BuildCorpusOptions, 'onProgress' | 'embedder' | 'corpora'>> {
  /** Corpora directory (default `<shared>/corpora`, shared located as in `locateSharedDirectory`). */
  corpora?: string;
  /** Names of the corpora (folders) to use (default: all). */
  only?: readonly string[];
  /**
   * Names of corpora (folders) to leave out, e.g. to keep whole corpora unseen for a validation of
   * zero-shot transfer (default: none). Not combined with `only`.
   */
  exclude?: readonly string[];
  /** Print the report as JSON on stdout instead of the readable summary. */
  json?: boolean;
}

/** Default output of the real build: `data/corpus-build/train.jsonl` under the repository root. */
export function defaultBuildOutput(cwd: string = process.cwd()): string {
  return join(findRepositoryRoot(cwd) ?? cwd, 'data', 'corpus-build', 'train.jsonl');
}

function summary(report: CorpusBuildReport): string {
  const lines = [
    `train: ${report.files.train} (${report.train.records} records)`,
    `validation: ${report.files.validation} (${report.validation.records} records)`,
    `report: ${report.files.report}`,
    `time: ${(report.durationMs / 1000).toFixed(1)} s, seed ${report.seed}, ${report.embeddings.labels} labels embedded with ${report.embeddings.modelVersion}`,
    `cross-role: ${report.crossRole.alreadySatisfied}/${report.crossRole.positiveLabels} labels already negatives, ${report.crossRole.repairedLabels.length} repaired, ${report.crossRole.unsatisfiable.length} unsatisfiable`,
    `bad corpus lines skipped: ${report.problems.length}`,
    '',
    'corpus                    available  selected   train  val  labels  group records  rating records',
    ...report.corpora.map(
      (corpus) =>
        `${corpus.name.padEnd(24)} ${String(corpus.available).padStart(10)} ${String(corpus.selected).padStart(9)} ${String(corpus.train).padStart(7)} ${String(corpus.validation).padStart(4)} ${String(corpus.labels).padStart(7)} ${String(corpus.groupRecords).padStart(14)} ${String(corpus.ratingRecords).padStart(15)}`,
    ),
    '',
    'training set:',
    formatDatasetStats(report.train),
  ];
  return `${lines.join('\n')}\n`;
}

/**
 * `data build`: builds the training set from the corpora with a progress display on stderr and a
 * summary (or the JSON report) on stdout. Returns the report; errors propagate to the caller.
 */
export async function runBuildCommand(
  options: BuildCommandOptions = {},
  output: CommandOutput = { stdout: process.stdout, stderr: process.stderr },
): Promise<CorpusBuildReport> {
  const progress = createProgressRenderer(output.stderr);
  const corporaDirectory = options.corpora ?? join(locateSharedDirectory(), 'corpora');
  const { only, exclude, json, corpora: _corpora, ...rest } = options;
  let corpora: BuildCorpusOptions['corpora'] = corporaDirectory;
  if (only !== undefined && only.length > 0) {
    if (exclude !== undefined && exclude.length > 0) throw new InvalidArgumentError('exclude', 'pass either --only (the corpora to use) or --exclude (the corpora to leave out), not both');
    corpora = only.map((name) => ({ name, directory: join(corporaDirectory, name) }));
  } else if (exclude !== undefined && exclude.length > 0) {
    const available = await listCorpora(corporaDirectory);
    const unknown = exclude.filter((name) => !available.some((corpus) => corpus.name === name));
    if (unknown.length > 0) {
      throw new InvalidArgumentError('exclude', `--exclude names no corpus in ${corporaDirectory}: ${unknown.join(', ')}; the corpora are ${available.map((corpus) => corpus.name).join(', ')}`);
    }
    const excluded = new Set(exclude);
    corpora = available.filter((corpus) => corpus.name === undefined || !excluded.has(corpus.name));
    if (corpora.length === 0) throw new InvalidArgumentError('exclude', `--exclude leaves no corpus in ${corporaDirectory} to build from`);
  }
  const report = await buildCorpusDataset({
    ...rest,
    corpora,
    outFile: options.outFile ?? defaultBuildOutput(),
    onProgress: (event) => {
      if (event.type === 'read') progress.update('reading corpora', event.corpusIndex, event.corpusCount, `${event.corpus}: ${event.rows} rows`);
      else if (event.type === 'embed') progress.message(`embedding ${event.labels} labels for negative mining (vectors cached beside the output)`);
      else if (event.type === 'mine') progress.update('mining negatives', event.done, event.total);
      else progress.update(`writing ${event.file}`, event.records, event.total);
    },
  });
  progress.finish();
  output.stdout.write(json === true ? `${JSON.stringify(report, null, 2)}\n` : summary(report));
  return report;
}
