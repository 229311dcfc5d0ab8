/** `pnpm bench batch`: distributed batch classification (BullMQ + Redis) against plain `gliznet classify --input`. */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseRedisUrl, startLocalRedisServer, type LocalRedisServer } from '@gliznet/batch';
import { InvalidArgumentError, formatHelp, parseCommandLine, writeJsonAtomic, type CommandSpec } from '@gliznet/common';
import { readEvaluationDataset, sampleRows } from '@gliznet/evaluation';
import { batchBenchMarkdown, runBatchBench, summarizeBatchBench } from '../batch/run-batch-bench.js';
import { DEFAULT_MODEL_DIRECTORY, DEFAULT_RESULTS_DIRECTORY, repositoryRoot, sharedDatasetPath } from '../paths.js';
import { runDirectory } from '../results/output-directory.js';
import { collectRunEnvironment, packageVersion } from '../results/run-environment.js';
import { runHeader, type CommandIo } from './command-io.js';
import { parseLabelCounts } from './speed-command.js';

export const BATCH_SPEC: CommandSpec = {
  name: 'pnpm bench batch',
  summary:
    'Rows/s of gliznet batch (BullMQ + Redis) with 1, 2, ... worker processes against plain gliznet classify --input on the same rows, interleaved; checks that every batch output is byte for byte the classify output.',
  options: {
    model: { type: 'string', default: DEFAULT_MODEL_DIRECTORY, placeholder: '<dir>', description: 'model directory used by classify and every worker' },
    rows: { type: 'number', default: 2048, description: 'rows classified per run (a seeded sample of --texts-file)' },
    'texts-file': { type: 'string', placeholder: '<file.jsonl>', description: 'evaluation dataset the texts and labels come from (default the shared agnews.jsonl)' },
    workers: { type: 'string', default: '1,2', placeholder: '<n,n,...>', description: 'worker process counts to measure' },
    'chunk-size': { type: 'number', default: 256, description: 'rows per chunk (gliznet batch submit --chunk-size; a multiple of 4 x the batch size, 128, batches rows as classify does)' },
    threads: { type: 'number', default: 1, description: 'onnxruntime threads of classify and of each worker' },
    repetitions: { type: 'number', default: 1, description: 'rounds of classify + each worker count (medians reported)' },
    redis: { type: 'string', placeholder: '<url>', description: 'Redis to use (default: a private redis-server on a free loopback port)' },
    seed: { type: 'number', default: 1, description: 'seed of the row sample' },
    out: { type: 'string', placeholder: '<dir>', description: 'result directory (default bench-results/batch-<timestamp>)' },
    json: { type: 'boolean', default: false, description: 'print the results as JSON on stdout' },
  },
  examples: ['pnpm bench batch --rows 2048 --workers 1,2 --repetitions 2', 'pnpm bench batch --model models/my-model --rows 5000 --chunk-size 500 --threads 1'],
};

function positive(values: Record<string, unknown>, flag: string): number {
  const value = values[flag];
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) throw new InvalidArgumentError(flag, `--${flag} must be a positive integer, got ${JSON.stringify(value)}`);
  return value;
}

export async function batchCommand(argv: readonly string[], io: CommandIo): Promise<unknown> {
  const parsed = parseCommandLine(argv, BATCH_SPEC);
  if (parsed.help) {
    io.stdout.write(formatHelp(BATCH_SPEC));
    return undefined;
  }
  if (parsed.positionals.length > 0) throw new InvalidArgumentError('argv', `unexpected argument(s) ${parsed.positionals.join(' ')}`);
  const values = parsed.values;
  const rows = positive(values, 'rows');
  const chunkSize = positive(values, 'chunk-size');
  const threads = positive(values, 'threads');
  const repetitions = positive(values, 'repetitions');
  const workerCounts = parseLabelCounts(values['workers'] as string);
  const textsFile = typeof values['texts-file'] === 'string' ? values['texts-file'] : sharedDatasetPath('agnews');
  const dataset = await readEvaluationDataset(textsFile);
  const sample = sampleRows(dataset.rows, { limit: rows, seed: values['seed'] as number });
  if (sample.length < rows) throw new InvalidArgumentError('rows', `${textsFile} has only ${sample.length} rows; pass --rows ${sample.length} or fewer`);
  const log = (line: string): void => void io.stderr.write(`${line}\n`);

  const started = new Date();
  const environment = await collectRunEnvironment();
  const work = await mkdtemp(join(tmpdir(), 'gliznet-bench-batch-'));
  let server: LocalRedisServer | undefined;
  try {
    const input = join(work, 'texts.jsonl');
    await writeFile(input, sample.map((row) => `${JSON.stringify({ text: row.text })}\n`).join(''));
    let redisUrl: string;
    if (typeof values['redis'] === 'string') redisUrl = parseRedisUrl(values['redis']);
    else {
      server = await startLocalRedisServer();
      redisUrl = server.url;
    }
    log(`batch bench: ${rows} rows of ${textsFile}, ${dataset.labels.length} labels, model ${values['model'] as string}, ${threads} thread(s) per process, chunks of ${chunkSize}, workers ${workerCounts.join(', ')}, ${repetitions} repetition(s)`);
    const runs = await runBatchBench({ input, rows, labels: dataset.labels, model: values['model'] as string, threads, chunkSize, workerCounts, repetitions, redisUrl, work, log });
    const summary = summarizeBatchBench(runs);
    const redisVersion = server === undefined ? null : await redisServerVersion();
    const results = {
      ...runHeader('batch', io, argv, started, environment),
      settings: { rows, textsFile, labels: dataset.labels, model: values['model'], threads, chunkSize, workerCounts, repetitions, seed: values['seed'], redis: server === undefined ? 'given --redis' : `private redis-server ${redisVersion ?? ''}`.trim() },
      versions: { '@gliznet/batch': await batchDependencyVersion('@gliznet/batch'), bullmq: await batchDependencyVersion('bullmq'), ioredis: await batchDependencyVersion('ioredis') },
      runs,
      summary,
    };
    const directory = runDirectory({ command: 'batch', resultsRoot: DEFAULT_RESULTS_DIRECTORY, date: started, ...(typeof values['out'] === 'string' ? { out: values['out'] } : {}) });
    await writeJsonAtomic(join(directory, 'results.json'), results);
    if (values['json'] === true) io.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
    else io.stdout.write(`${batchBenchMarkdown(summary)}\n\nResults: ${directory}\n`);
    return results;
  } finally {
    await server?.dispose();
    await rm(work, { recursive: true, force: true });
  }
}

function redisServerVersion(): Promise<string | null> {
  return new Promise((resolveVersion) => execFile('redis-server', ['--version'], (error, stdout) => resolveVersion(error === null ? (/v=(\S+)/.exec(stdout)?.[1] ?? null) : null)));
}

/** The version of `name` as @gliznet/batch resolves it (bullmq and ioredis are its dependencies, not the bench's). */
async function batchDependencyVersion(name: string): Promise<string | null> {
  const batchManifest = join(repositoryRoot, 'packages', 'batch', 'package.json');
  if (name === '@gliznet/batch') return (JSON.parse(await readFile(batchManifest, 'utf8')) as { version: string }).version;
  return packageVersion(name, { from: batchManifest });
}
