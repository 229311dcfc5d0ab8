/** `pnpm bench serve`: `gliznet serve` under concurrent loopback clients against the in-process SDK on the same texts. */
import { join } from 'node:path';
import { InvalidArgumentError, formatHelp, parseCommandLine, writeJsonAtomic, type CommandSpec } from '@gliznet/common';
import { readEvaluationDataset, sampleRows } from '@gliznet/evaluation';
import { DEFAULT_MODEL_DIRECTORY, DEFAULT_RESULTS_DIRECTORY, repositoryRoot, sharedDatasetPath } from '../paths.js';
import { runDirectory } from '../results/output-directory.js';
import { collectRunEnvironment, packageVersion } from '../results/run-environment.js';
import { runServeBench, serveBenchMarkdown } from '../serve/run-serve-bench.js';
import { EXTRA_POOL_LABELS } from '../speed/label-pool.js';
import { runHeader, type CommandIo } from './command-io.js';

export const SERVE_BENCH_SPEC: CommandSpec = {
  name: 'pnpm bench serve',
  summary:
    'Throughput and latency of gliznet serve (a child process) under concurrent loopback clients (undici, bounded in count and time), against the in-process SDK on the same texts and labels; then open-loop overload at a multiple of the measured throughput, to see the queue shed load with 503s.',
  options: {
    model: { type: 'string', default: DEFAULT_MODEL_DIRECTORY, placeholder: '<dir>', description: 'model directory' },
    'texts-file': { type: 'string', placeholder: '<file.jsonl>', description: 'evaluation dataset the texts come from (default the shared agnews.jsonl)' },
    texts: { type: 'number', default: 512, description: 'texts used (a seeded sample), cycled through' },
    labels: { type: 'number', default: 10, description: "candidate labels per text: the dataset's labels, then everyday topics" },
    threads: { type: 'number', default: 1, description: 'onnxruntime threads of the SDK and of the server' },
    clients: { type: 'number', default: 32, description: 'closed-loop clients in the saturation phase' },
    duration: { type: 'number', default: 20, description: 'seconds per measured phase (in-process, saturation, overload)' },
    warmup: { type: 'number', default: 3, description: 'warm-up seconds before the in-process and server phases' },
    'texts-per-request': { type: 'number', default: 1, description: 'texts per HTTP request (inputs as one string when 1)' },
    'max-batch': { type: 'number', default: 32, description: "the server's --max-batch, and the SDK's batch size" },
    'max-wait-ms': { type: 'number', default: 5, description: "the server's --max-wait-ms" },
    'max-queue': { type: 'number', default: 128, description: "the server's --max-queue (bounds the latency of accepted requests under overload)" },
    repetitions: { type: 'number', default: 3, description: 'rounds of in-process then server saturation, interleaved (texts/s pooled over the rounds)' },
    overload: { type: 'number', default: 2, description: 'overload phase: arrivals at this multiple of the saturation throughput' },
    'overload-connections': { type: 'number', default: 512, description: 'most requests in flight in the overload phase (beyond: counted, not sent)' },
    seed: { type: 'number', default: 1, description: 'seed of the text sample' },
    out: { type: 'string', placeholder: '<dir>', description: 'result directory (default bench-results/serve-<timestamp>)' },
    json: { type: 'boolean', default: false, description: 'print the results as JSON on stdout' },
  },
  examples: ['pnpm bench serve --threads 1 --clients 32 --duration 20', 'pnpm bench serve --texts-per-request 8 --clients 8 --max-batch 64'],
};

function positive(values: Record<string, unknown>, flag: string, options: { allowZero?: boolean; integer?: boolean } = {}): number {
  const value = values[flag];
  const integer = options.integer ?? true;
  if (typeof value !== 'number' || (integer && !Number.isInteger(value)) || value < (options.allowZero === true ? 0 : 1e-9)) {
    throw new InvalidArgumentError(flag, `--${flag} must be a positive ${integer ? 'integer' : 'number'}, got ${JSON.stringify(value)}`);
  }
  return value;
}

export async function serveBenchCommand(argv: readonly string[], io: CommandIo): Promise<unknown> {
  const parsed = parseCommandLine(argv, SERVE_BENCH_SPEC);
  if (parsed.help) {
    io.stdout.write(formatHelp(SERVE_BENCH_SPEC));
    return undefined;
  }
  if (parsed.positionals.length > 0) throw new InvalidArgumentError('argv', `unexpected argument(s) ${parsed.positionals.join(' ')}`);
  const values = parsed.values;
  const textsFile = typeof values['texts-file'] === 'string' ? values['texts-file'] : sharedDatasetPath('agnews');
  const dataset = await readEvaluationDataset(textsFile);
  const count = positive(values, 'texts');
  const sample = sampleRows(dataset.rows, { limit: count, seed: values['seed'] as number });
  if (sample.length < count) throw new InvalidArgumentError('texts', `${textsFile} has only ${sample.length} rows; pass --texts ${sample.length} or fewer`);
  const labelCount = positive(values, 'labels');
  const labels = [...new Set([...dataset.labels, ...EXTRA_POOL_LABELS])].slice(0, labelCount);
  if (labels.length < labelCount) throw new InvalidArgumentError('labels', `only ${labels.length} labels are available; pass --labels ${labels.length} or fewer`);
  const settings = {
    model: values['model'] as string,
    texts: sample.map((row) => row.text),
    labels,
    threads: positive(values, 'threads'),
    clients: positive(values, 'clients'),
    durationS: positive(values, 'duration', { integer: false }),
    warmupS: positive(values, 'warmup', { integer: false, allowZero: true }),
    textsPerRequest: positive(values, 'texts-per-request'),
    maxBatch: positive(values, 'max-batch'),
    maxWaitMs: positive(values, 'max-wait-ms', { allowZero: true }),
    maxQueue: positive(values, 'max-queue'),
    overloadFactor: positive(values, 'overload', { integer: false }),
    repetitions: positive(values, 'repetitions'),
    overloadConnections: positive(values, 'overload-connections'),
    log: (line: string): void => void io.stderr.write(`${line}\n`),
  };
  if (settings.textsPerRequest > count) throw new InvalidArgumentError('texts-per-request', `--texts-per-request ${settings.textsPerRequest} is more than --texts ${count}`);
  const started = new Date();
  const environment = await collectRunEnvironment();
  settings.log(`serve bench: ${count} texts of ${textsFile}, ${labels.length} labels (${labels.join(', ')}), model ${settings.model}, ${settings.threads} thread(s), ${settings.clients} clients, ${settings.durationS}s per phase`);
  const results = await runServeBench(settings);
  const serverManifest = join(repositoryRoot, 'packages', 'server', 'package.json');
  const { log: _log, texts: _texts, ...recorded } = settings;
  const output = {
    ...runHeader('serve', io, argv, started, environment),
    settings: { ...recorded, textsFile, texts: count, seed: values['seed'] },
    versions: {
      '@gliznet/server': await packageVersion('@gliznet/server'),
      fastify: await packageVersion('fastify', { from: serverManifest }),
      'prom-client': await packageVersion('prom-client', { from: serverManifest }),
      undici: await packageVersion('undici'),
    },
    results,
  };
  const directory = runDirectory({ command: 'serve', resultsRoot: DEFAULT_RESULTS_DIRECTORY, date: started, ...(typeof values['out'] === 'string' ? { out: values['out'] } : {}) });
  await writeJsonAtomic(join(directory, 'results.json'), output);
  if (values['json'] === true) io.stdout.write(`${JSON.stringify(output, null, 2)}\n`);
  else io.stdout.write(`${serveBenchMarkdown(results, settings)}\n\nResults: ${directory}\n`);
  return output;
}
