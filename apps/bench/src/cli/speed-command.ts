/** `pnpm bench speed`: throughput and latency against the number of labels, systems interleaved. */
import { join } from 'node:path';
import { InvalidArgumentError, formatHelp, parseCommandLine, type CommandSpec } from '@gliznet/common';
import { readEvaluationDataset, sampleRows } from '@gliznet/evaluation';
import { speedCharts } from '../charts/run-charts.js';
import { DEFAULT_RESULTS_DIRECTORY, sharedDatasetPath, sharedDirectory } from '../paths.js';
import { speedMarkdown } from '../report/markdown-tables.js';
import { runDirectory } from '../results/output-directory.js';
import { writeRunFiles, type SpeedResults } from '../results/result-files.js';
import { collectRunEnvironment } from '../results/run-environment.js';
import { LABEL_POOL_DATASETS, EXTRA_POOL_LABELS, buildLabelPool, readMetaLabels } from '../speed/label-pool.js';
import { SPEED_TARGET_FRACTION, runSpeed } from '../speed/run-speed.js';
import { runHeader, type CommandIo } from './command-io.js';
import { SYSTEM_OPTIONS, loadSystems } from './system-options.js';

export const SPEED_SPEC: CommandSpec = {
  name: 'pnpm bench speed',
  summary: 'Texts/s and p50/p95 latency per label count for each system in one interleaved run, with the GliZNet / cross-encoder throughput ratio beside the token-count ratio.',
  options: {
    ...SYSTEM_OPTIONS,
    labels: { type: 'string', default: '1,2,4,8,16,32,64,128', placeholder: '<n,n,...>', description: 'label counts to measure' },
    texts: { type: 'number', default: 32, description: 'texts per throughput run (seeded sample of --texts-file)' },
    'texts-file': { type: 'string', placeholder: '<file.jsonl>', description: 'where the texts come from (default the shared agnews.jsonl, ~40-token news texts)' },
    repetitions: { type: 'number', default: 3, description: 'throughput runs per system and label count (median reported)' },
    warmup: { type: 'number', default: 4, description: 'texts classified by each system before timing each label count' },
    'latency-texts': { type: 'number', default: 8, description: 'texts timed one at a time (batch 1) for p50/p95 latency' },
    seed: { type: 'number', default: 1, description: 'seed of the text sample and the label order' },
    out: { type: 'string', placeholder: '<dir>', description: 'result directory (default bench-results/speed-<timestamp>)' },
    json: { type: 'boolean', default: false, description: 'print the results as JSON on stdout' },
  },
  examples: [
    'pnpm bench speed --model models/gliznet-use-lite --baseline models/cross-encoder-use-lite --labels 1,2,4,8,16,32,64,128',
    'pnpm bench speed --model my-model --baseline my-cross-encoder --labels 1,10,64 --texts 64 --batch-size 16 --threads 2 --json',
  ],
};

/** Parses `1,2,4` into distinct positive integers, ascending. */
export function parseLabelCounts(text: string): number[] {
  const counts = text.split(',').map((part) => part.trim()).filter((part) => part !== '').map(Number);
  if (counts.length === 0 || counts.some((count) => !Number.isInteger(count) || count < 1)) {
    throw new InvalidArgumentError('labels', `--labels must be a comma-separated list of positive integers such as 1,2,4,8, got ${JSON.stringify(text)}`);
  }
  return [...new Set(counts)].sort((a, b) => a - b);
}

function positive(values: Record<string, unknown>, flag: string, options: { allowZero?: boolean } = {}): number {
  const value = values[flag];
  const minimum = options.allowZero ? 0 : 1;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < minimum) throw new InvalidArgumentError(flag, `--${flag} must be an integer >= ${minimum}, got ${JSON.stringify(value)}`);
  return value;
}

export async function speedCommand(argv: readonly string[], io: CommandIo): Promise<SpeedResults | undefined> {
  const parsed = parseCommandLine(argv, SPEED_SPEC);
  if (parsed.help) {
    io.stdout.write(formatHelp(SPEED_SPEC));
    return undefined;
  }
  if (parsed.positionals.length > 0) throw new InvalidArgumentError('argv', `unexpected argument(s) ${parsed.positionals.join(' ')}`);
  const values = parsed.values;
  const labelCounts = parseLabelCounts(values['labels'] as string);
  const textCount = positive(values, 'texts');
  const repetitions = positive(values, 'repetitions');
  const warmup = positive(values, 'warmup', { allowZero: true });
  const latencyTexts = positive(values, 'latency-texts');
  const seed = values['seed'] as number;
  const textsFile = typeof values['texts-file'] === 'string' ? values['texts-file'] : sharedDatasetPath('agnews');
  const dataset = await readEvaluationDataset(textsFile);
  const texts = sampleRows(dataset.rows, { limit: textCount, seed }).map((row) => row.text);
  if (texts.length < textCount) io.stderr.write(`note: ${textsFile} has only ${texts.length} rows; using all of them\n`);
  const metaPaths = LABEL_POOL_DATASETS.map((name) => join(sharedDirectory(), 'datasets', `${name}.meta.json`));
  const labelPool = buildLabelPool([...(await readMetaLabels(metaPaths)), ...EXTRA_POOL_LABELS], { seed });
  const started = new Date();
  const environment = await collectRunEnvironment();
  const log = (message: string): void => void io.stderr.write(`${message}\n`);
  const systems = await loadSystems(values, { log });
  try {
    log(`speed: ${systems.map((system) => system.name).join(', ')}; ${texts.length} texts; labels ${labelCounts.join(', ')}; ${repetitions} repetitions`);
    const labelCountResults = await runSpeed(systems, {
      labelCounts,
      texts,
      labelPool,
      repetitions,
      warmupTexts: warmup,
      latencyTexts,
      onProgress: ({ numLabels, phase, system }) => log(`  ${numLabels} labels: ${phase} ${system}`),
    });
    const directory = runDirectory({ command: 'speed', resultsRoot: DEFAULT_RESULTS_DIRECTORY, date: started, ...(typeof values['out'] === 'string' ? { out: values['out'] } : {}) });
    const results: SpeedResults = {
      ...runHeader('speed', io, argv, started, environment),
      seed,
      systems: systems.map((system) => system.describe()),
      settings: {
        texts: texts.length,
        textsFile,
        repetitions,
        warmupTexts: warmup,
        latencyTexts: Math.min(latencyTexts, texts.length),
        threads: values['threads'] as number,
        quantized: values['quantized'] === true,
        batchSize: (values['batch-size'] as number | undefined) ?? null,
        labelCounts,
        labelPoolSize: labelPool.length,
      },
      files: [],
      targetFraction: SPEED_TARGET_FRACTION,
      labelCounts: labelCountResults,
    };
    results.files = await writeRunFiles(directory, results, await speedCharts(results));
    if (values['json'] === true) io.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
    else io.stdout.write(`${speedMarkdown(results)}\n\nResults: ${directory}\n`);
    return results;
  } finally {
    for (const system of systems) await system.dispose();
  }
}
