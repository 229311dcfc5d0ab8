/** `gliznet batch worker`: loads the model, runs a batch worker until a signal, logs one line per chunk on stderr. */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { hostname } from 'node:os';
import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import { InvalidArgumentError } from '@gliznet/common';
import { ZeroShotClassifier } from '@gliznet/sdk';
import { connectWorker, parseRedisUrl, redactRedisUrl } from '../connection.js';
import type { ChunkClassifier } from '../process-chunk.js';
import { DEFAULT_LOCK_DURATION_MS, startBatchWorker, type WorkerEvent } from '../worker.js';
import type { BatchCliIo } from './io.js';

/** A loaded model as the worker needs it. */
export interface WorkerClassifier extends ChunkClassifier {
  readonly modelDirectory: string;
  readonly modelPath: string;
  dispose(): Promise<void>;
}

export type LoadWorkerClassifier = (modelDirectory: string | undefined, options: { quantized: boolean | undefined; threads?: number; hypothesisTemplate?: string }) => Promise<WorkerClassifier>;

export const loadSdkClassifier: LoadWorkerClassifier = (modelDirectory, options) => ZeroShotClassifier.fromPretrained(modelDirectory, options);

async function sha256OfFile(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const piece of createReadStream(path)) hash.update(piece as Buffer);
  return hash.digest('hex');
}

function positiveInteger(name: string, value: string | undefined, fallback: number | undefined): number | undefined {
  if (value === undefined) return fallback;
  if (!/^\d+$/.test(value.trim()) || Number(value) < 1) throw new InvalidArgumentError(name, `${name} must be a positive integer, got ${JSON.stringify(value)}`);
  return Number(value);
}

export async function runWorkerCommand(argv: readonly string[], io: BatchCliIo, help: string, dependencies: { loadClassifier: LoadWorkerClassifier; signal?: AbortSignal }): Promise<number> {
  let values: Record<string, string | boolean | undefined>;
  try {
    values = parseArgs({
      args: [...argv],
      options: {
        redis: { type: 'string' },
        model: { type: 'string' },
        quantized: { type: 'boolean' },
        threads: { type: 'string' },
        concurrency: { type: 'string' },
        'lock-duration': { type: 'string' },
        name: { type: 'string' },
        quiet: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
    }).values;
  } catch (error) {
    throw new InvalidArgumentError('arguments', `${(error as Error).message}. Run "gliznet batch worker --help" for the options.`);
  }
  if (values['help'] === true) {
    io.stdout.write(help);
    return 0;
  }
  const url = parseRedisUrl(values['redis'] as string | undefined);
  const threads = positiveInteger('--threads', values['threads'] as string | undefined, undefined);
  const concurrency = positiveInteger('--concurrency', values['concurrency'] as string | undefined, 1) as number;
  const lockDurationMs = positiveInteger('--lock-duration', values['lock-duration'] as string | undefined, DEFAULT_LOCK_DURATION_MS) as number;
  if (lockDurationMs < 1000) throw new InvalidArgumentError('--lock-duration', `--lock-duration is in milliseconds and must be at least 1000, got ${lockDurationMs}`);
  const name = (values['name'] as string | undefined) ?? `${hostname()}:${process.pid}`;
  const quiet = values['quiet'] === true;
  const log = (line: string): void => void io.stderr.write(`${new Date().toISOString()} worker ${name}: ${line}\n`);

  const modelDirectory = values['model'] as string | undefined;
  const quantized = values['quantized'] === true ? true : undefined;
  const load = (hypothesisTemplate: string | undefined) =>
    dependencies.loadClassifier(modelDirectory, { quantized, ...(threads === undefined ? {} : { threads }), ...(hypothesisTemplate === undefined ? {} : { hypothesisTemplate }) });
  // Load the model before connecting: a bad --model fails now, not on the first chunk.
  const first = await load(undefined);
  const others: WorkerClassifier[] = [];
  const model = `${basename(first.modelDirectory)}@${(await sha256OfFile(first.modelPath)).slice(0, 12)}`;

  let lastConnectionError = 0;
  const redis = connectWorker(url, (error) => {
    if (Date.now() - lastConnectionError < 5000) return;
    lastConnectionError = Date.now();
    log(`Redis at ${redactRedisUrl(url)}: ${error.message} (retrying)`);
  });
  const onEvent = (event: WorkerEvent): void => {
    if (event.type === 'error') {
      if (Date.now() - lastConnectionError < 5000) return;
      lastConnectionError = Date.now();
      log(`error: ${event.message}`);
      return;
    }
    if (event.type === 'chunk-failed') return log(`chunk ${event.chunkId} failed for good (attempt ${event.attempt}): ${event.message}`);
    if (event.type === 'chunk-retry') return log(`chunk ${event.chunkId} attempt ${event.attempt} of ${event.attempts} failed, retrying in ${(event.retryInMs / 1000).toFixed(1)}s: ${event.message}`);
    if (quiet) return;
    if (event.type === 'chunk-started') log(`chunk ${event.chunkId} started (${event.rows} rows, attempt ${event.attempt})`);
    else if (event.type === 'chunk-done') log(`chunk ${event.chunkId} done: ${event.rows} rows in ${(event.milliseconds / 1000).toFixed(2)}s (${((event.rows * 1000) / Math.max(1, event.milliseconds)).toFixed(1)} rows/s)`);
    else if (event.type === 'chunk-recovered') log(`chunk ${event.chunkId} lost its worker; put back on the queue`);
  };
  const worker = startBatchWorker({
    redis,
    model,
    name,
    concurrency,
    lockDurationMs,
    loadClassifier: async (template) => {
      if (template === undefined) return first;
      const loaded = await load(template);
      others.push(loaded);
      return loaded;
    },
    onEvent,
  });
  try {
    await worker.waitUntilReady();
    log(`ready: model ${first.modelDirectory} (${basename(first.modelPath)}, ${model}), concurrency ${concurrency}, Redis ${redactRedisUrl(url)}`);
    await new Promise<void>((resolveStop) => {
      if (dependencies.signal === undefined) return;
      if (dependencies.signal.aborted) resolveStop();
      dependencies.signal.addEventListener('abort', () => resolveStop(), { once: true });
    });
    log('stopping: finishing the running chunks (signal again to exit at once)');
  } finally {
    await worker.close();
    redis.disconnect();
    for (const classifier of [first, ...others]) await classifier.dispose();
  }
  log('stopped');
  return 0;
}
