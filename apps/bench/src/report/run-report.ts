/**
 * `report`: renders result directories into docs/benchmarks.md (its own marked sections only) and
 * copies their charts to docs/images/.
 */
import { copyFile, mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { InvalidArgumentError, writeFileAtomic } from '@gliznet/common';
import { readRunResults, type AccuracyResults, type SpeedResults } from '../results/result-files.js';
import { SPEED_TARGET_FRACTION } from '../speed/run-speed.js';
import { hasSection, replaceSection } from './benchmarks-document.js';
import { accuracyMarkdown, provenance, speedMarkdown } from './markdown-tables.js';

export interface ReportOptions {
  documentPath: string;
  imagesDirectory: string;
  /** Result directory of an accuracy run; its section is left as it is when undefined. */
  accuracyDirectory?: string;
  /** Result directory of a speed run; its section is left as it is when undefined. */
  speedDirectory?: string;
  /**
   * Result directory of an accuracy run of the default model on the full test sets (fp32 and int8,
   * shuffled labels); rendered in its own section, left as it is when undefined.
   */
  fullTestSetsDirectory?: string;
}

export interface ReportSummary {
  /** Sections rewritten. */
  sections: string[];
  /** Chart files copied into the images directory. */
  images: string[];
}

/** Title of a new benchmarks document. */
export const DOCUMENT_TITLE = '# Benchmarks';

export const INTRO_SECTION = `## GliZNet against its baselines: how to run

GliZNet scores every candidate label of a text in one transformer pass; the baselines it is compared
with here pay per label (the cross-encoder and NLI models: one pass per text and label) or skip
training (the bi-encoder). Everything below is produced by \`apps/bench\` (\`pnpm bench <command>\`);
each table says the command, machine and date that produced it, and \`pnpm bench report\` rewrites the
sections between \`<!-- bench:... -->\` markers from the latest results (other sections of this file are
never touched).

How to run everything (from the repository root):

\`\`\`sh
# accuracy and macro-F1 per dataset, all systems on the same rows (datasets from ../shared/datasets);
# the defaults are models/gliznet-minilm and models/cross-encoder-minilm (both int8 only)
pnpm bench accuracy --quantized --bi-encoder data/encoders/all-MiniLM-L6-v2 --limit 1000 --seed 1
pnpm bench accuracy --model models/gliznet-use-lite --baseline models/cross-encoder-use-lite --bi-encoder use-lite --limit 1000 --seed 1
# throughput and latency against the number of labels, GliZNet and the cross-encoder interleaved
pnpm bench speed --quantized --labels 1,2,4,8,16,32,64,128
# a model on every row of each set: fp32 and int8 side by side, label-order sensitivity
# (needs onnx/model.onnx: pnpm trainer export --model <dir> --no-quantize, or a release packaged with both graphs)
pnpm bench accuracy --model models/gliznet-use-lite --baseline none --compare-int8 --shuffle-labels
# rewrite the tables and charts below from the latest bench-results/ directories
# (add --full-test-sets <the full run's directory> for its section)
pnpm bench report
\`\`\`

Each run writes \`bench-results/<command>-<timestamp>/\` with \`results.json\` (figures plus machine, CPU,
thread count, library versions, model file SHA-256 hashes and seeds), \`results.csv\` and the charts
as SVG and PNG. Timings are wall-clock on the machine named under each table; on a shared machine they
are noisy (the load average at the start of the run is recorded).`;

const ACCURACY_PLACEHOLDER = `## Accuracy

No accuracy results yet. Run \`pnpm bench accuracy\`, then \`pnpm bench report\`.`;

const SPEED_PLACEHOLDER = `## Speed

No speed results yet: they need the default models (\`models/gliznet-minilm\` and
\`models/cross-encoder-minilm\`). Then run \`pnpm bench speed --quantized\` and \`pnpm bench report\`.`;

async function copyCharts(resultsDirectory: string, imagesDirectory: string, charts: readonly string[], prefix: string): Promise<string[]> {
  await mkdir(imagesDirectory, { recursive: true });
  const copied: string[] = [];
  for (const chart of charts) {
    for (const extension of ['svg', 'png']) {
      const target = join(imagesDirectory, `${prefix}${chart}.${extension}`);
      await copyFile(join(resultsDirectory, `${chart}.${extension}`), target);
      copied.push(target);
    }
  }
  return copied;
}

function chartNames(files: readonly string[]): string[] {
  return files.filter((file) => file.endsWith('.svg')).map((file) => file.slice(0, -'.svg'.length));
}

function accuracySection(results: AccuracyResults, imagePrefix: string): string {
  const multiLabel = results.datasets.some((dataset) => dataset.multiLabel);
  return [
    '## Accuracy',
    '',
    'Zero-shot: the candidate labels are each dataset\'s label names (its `.meta.json`), and no system was trained on these sets. ' +
      'Single-label sets: the top-scoring label is the prediction (accuracy and macro-F1). ' +
      (multiLabel
        ? 'Multi-label sets: labels scoring at least the system\'s own threshold (model config, or the bi-encoder\'s fixed cosine threshold); the "oracle threshold" column is the best threshold chosen on the gold labels, an upper bound reported apart, never a result.'
        : ''),
    '',
    `![Accuracy per dataset and system](images/${imagePrefix}accuracy.png)`,
    '',
    accuracyMarkdown(results),
    '',
    provenance(results),
  ].join('\n');
}

function fullTestSetsSection(results: AccuracyResults, imagePrefix: string): string {
  return [
    '## Default model on the full test sets',
    '',
    'Every row of each evaluation set, candidates from its `.meta.json`. `gliznet-int8` is the same model\'s `onnx/model_quantized.onnx` on the same rows; ' +
      'the last column is the share of texts whose top label changes when the candidate labels are given in a shuffled order.',
    '',
    `![Accuracy on the full test sets](images/${imagePrefix}accuracy.png)`,
    '',
    accuracyMarkdown(results),
    '',
    provenance(results),
  ].join('\n');
}

function speedSection(results: SpeedResults, imagePrefix: string, charts: readonly string[]): string {
  const images = charts.map((chart) => `![${chart}](images/${imagePrefix}${chart}.png)`).join('\n');
  return [
    '## Speed',
    '',
    `Texts per second (median of the repetitions, batches of ${results.settings['batchSize'] ?? 'the SDK default'}) and per-text latency at batch 1 (p50 / p95), ` +
      'the systems interleaved in one process after a warm-up. The throughput ratio (GliZNet texts/s over cross-encoder texts/s) is compared with the token-count ratio ' +
      '(tokens the cross-encoder processes over tokens GliZNet processes for the same texts and labels); ' +
      `the target is a throughput ratio of at least ${Math.round(SPEED_TARGET_FRACTION * 100)}% of the token-count ratio at every label count.`,
    '',
    images,
    '',
    speedMarkdown(results),
    '',
    provenance(results),
  ].join('\n');
}

export async function writeReport(options: ReportOptions): Promise<ReportSummary> {
  let document: string;
  try {
    document = await readFile(options.documentPath, 'utf8');
  } catch {
    document = '';
  }
  if (document.trim() === '') document = `${DOCUMENT_TITLE}\n`;
  const sections: string[] = ['intro'];
  const images: string[] = [];
  document = replaceSection(document, 'intro', INTRO_SECTION, { position: 'before-first-section' });
  if (options.accuracyDirectory !== undefined) {
    const results = await readRunResults(options.accuracyDirectory);
    if (results.command !== 'accuracy') throw new InvalidArgumentError('accuracy', `${options.accuracyDirectory} holds ${results.command} results; --accuracy needs a directory written by \`pnpm bench accuracy\``);
    images.push(...(await copyCharts(options.accuracyDirectory, options.imagesDirectory, chartNames(results.files), 'bench-')));
    document = replaceSection(document, 'accuracy', accuracySection(results, 'bench-'));
    sections.push('accuracy');
  } else if (!hasSection(document, 'accuracy')) {
    document = replaceSection(document, 'accuracy', ACCURACY_PLACEHOLDER);
    sections.push('accuracy (placeholder)');
  }
  if (options.fullTestSetsDirectory !== undefined) {
    const results = await readRunResults(options.fullTestSetsDirectory);
    if (results.command !== 'accuracy') {
      throw new InvalidArgumentError('full-test-sets', `${options.fullTestSetsDirectory} holds ${results.command} results; --full-test-sets needs a directory written by \`pnpm bench accuracy\``);
    }
    images.push(...(await copyCharts(options.fullTestSetsDirectory, options.imagesDirectory, chartNames(results.files), 'bench-full-')));
    document = replaceSection(document, 'full-test-sets', fullTestSetsSection(results, 'bench-full-'));
    sections.push('full-test-sets');
  }
  if (options.speedDirectory !== undefined) {
    const results = await readRunResults(options.speedDirectory);
    if (results.command !== 'speed') throw new InvalidArgumentError('speed', `${options.speedDirectory} holds ${results.command} results; --speed needs a directory written by \`pnpm bench speed\``);
    const charts = chartNames(results.files);
    images.push(...(await copyCharts(options.speedDirectory, options.imagesDirectory, charts, 'bench-')));
    document = replaceSection(document, 'speed', speedSection(results, 'bench-', charts));
    sections.push('speed');
  } else if (!hasSection(document, 'speed')) {
    document = replaceSection(document, 'speed', SPEED_PLACEHOLDER);
    sections.push('speed (placeholder)');
  }
  await writeFileAtomic(options.documentPath, document);
  return { sections, images };
}
