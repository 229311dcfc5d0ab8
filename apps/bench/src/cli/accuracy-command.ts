/** `pnpm bench accuracy`: per-dataset accuracy and macro-F1 of every system on the same rows. */
import { InvalidArgumentError, createProgressReporter, formatHelp, parseCommandLine, type CommandSpec, type ProgressReporter } from '@gliznet/common';
import { readEvaluationDataset } from '@gliznet/evaluation';
import { runAccuracy } from '../accuracy/run-accuracy.js';
import { accuracyCharts } from '../charts/run-charts.js';
import { DEFAULT_RESULTS_DIRECTORY, sharedDatasetPath } from '../paths.js';
import { accuracyMarkdown } from '../report/markdown-tables.js';
import { runDirectory } from '../results/output-directory.js';
import { writeRunFiles, type AccuracyResults } from '../results/result-files.js';
import { collectRunEnvironment } from '../results/run-environment.js';
import { runHeader, type CommandIo } from './command-io.js';
import { SYSTEM_OPTIONS, loadSystems } from './system-options.js';

export const DEFAULT_ACCURACY_DATASETS = ['agnews', 'sst2', 'trec', 'banking77', 'situation'] as const;

export const ACCURACY_SPEC: CommandSpec = {
  name: 'pnpm bench accuracy',
  summary: 'Zero-shot accuracy and macro-F1 per dataset (micro/macro-F1 and the oracle threshold for multi-label sets), every system on the same rows.',
  options: {
    ...SYSTEM_OPTIONS,
    datasets: { type: 'string', multiple: true, placeholder: '<file.jsonl>', description: `evaluation sets (a NAME.meta.json beside each); default the shared ${DEFAULT_ACCURACY_DATASETS.join(', ')}` },
    limit: { type: 'number', placeholder: '<n>', description: 'rows per dataset, a seeded sample (default: all rows)' },
    seed: { type: 'number', default: 1, description: 'seed of the row sample and the label shuffles' },
    'shuffle-labels': { type: 'boolean', default: false, description: 'also score with each row\'s labels shuffled and report how often the top label changes' },
    out: { type: 'string', placeholder: '<dir>', description: 'result directory (default bench-results/accuracy-<timestamp>)' },
    json: { type: 'boolean', default: false, description: 'print the results as JSON on stdout' },
  },
  examples: [
    'pnpm bench accuracy --model models/gliznet-use-lite --baseline models/cross-encoder-use-lite --bi-encoder use-lite --limit 1000 --seed 1',
    'pnpm bench accuracy --model none --bi-encoder use-lite --datasets ../shared/datasets/agnews.jsonl ../shared/datasets/sst2.jsonl --limit 1000',
    'pnpm bench accuracy --model my-model --nli ./nli-deberta-v3-xsmall --shuffle-labels --json',
  ],
};

export async function accuracyCommand(argv: readonly string[], io: CommandIo): Promise<AccuracyResults | undefined> {
  const parsed = parseCommandLine(argv, ACCURACY_SPEC);
  if (parsed.help) {
    io.stdout.write(formatHelp(ACCURACY_SPEC));
    return undefined;
  }
  if (parsed.positionals.length > 0) throw new InvalidArgumentError('argv', `unexpected argument(s) ${parsed.positionals.join(' ')}; datasets go after --datasets`);
  const values = parsed.values;
  const limit = values['limit'] as number | undefined;
  if (limit !== undefined && (!Number.isInteger(limit) || limit < 1)) throw new InvalidArgumentError('limit', `--limit must be a positive integer, got ${limit}`);
  const seed = values['seed'] as number;
  const datasetPaths = (values['datasets'] as string[] | undefined) ?? DEFAULT_ACCURACY_DATASETS.map((name) => sharedDatasetPath(name));
  const datasets = [];
  for (const path of datasetPaths) datasets.push(await readEvaluationDataset(path));
  const started = new Date();
  const environment = await collectRunEnvironment();
  const log = (message: string): void => void io.stderr.write(`${message}\n`);
  const systems = await loadSystems(values, { log });
  try {
    log(`accuracy: ${systems.map((system) => system.name).join(', ')} on ${datasets.map((dataset) => dataset.name).join(', ')}${limit === undefined ? '' : ` (${limit} rows each, seed ${seed})`}`);
    let reporter: ProgressReporter | undefined;
    let current = '';
    const datasetResults = await runAccuracy(systems, datasets, {
      ...(limit === undefined ? {} : { limit }),
      seed,
      shuffleLabels: values['shuffle-labels'] === true,
      onProgress: ({ dataset, system, done, total }) => {
        const label = `${dataset} ${system}`;
        if (label !== current) {
          reporter?.finish();
          reporter = createProgressReporter({ label, total, unit: 'texts', stream: io.stderr });
          current = label;
        }
        reporter?.update(done);
      },
    });
    reporter?.finish();
    const directory = runDirectory({ command: 'accuracy', resultsRoot: DEFAULT_RESULTS_DIRECTORY, date: started, ...(typeof values['out'] === 'string' ? { out: values['out'] } : {}) });
    const results: AccuracyResults = {
      ...runHeader('accuracy', io, argv, started, environment),
      seed,
      systems: systems.map((system) => system.describe()),
      settings: {
        limit: limit ?? null,
        shuffleLabels: values['shuffle-labels'] === true,
        threads: values['threads'] as number,
        quantized: values['quantized'] === true,
        batchSize: (values['batch-size'] as number | undefined) ?? null,
        datasets: datasetPaths,
      },
      files: [],
      datasets: datasetResults,
    };
    results.files = await writeRunFiles(directory, results, await accuracyCharts(results));
    if (values['json'] === true) io.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
    else io.stdout.write(`${accuracyMarkdown(results)}\n\nResults: ${directory}\n`);
    return results;
  } finally {
    for (const system of systems) await system.dispose();
  }
}
