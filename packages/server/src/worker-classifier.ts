/**
 * A ServedClassifier whose model runs in a worker thread. onnxruntime-node runs a session
 * synchronously on the calling thread: in the server's own thread, no request could be read, queued
 * or refused while a batch runs (measured with `pnpm bench serve`: at 2x overload the queue never
 * filled and requests waited unseen in the sockets). Requests are checked in the server thread
 * (against the model's config.json, as `classify` would), classified in the worker.
 */
import { Worker } from 'node:worker_threads';
import { InferenceError, InvalidArgumentError, type ModelConfig } from '@gliznet/common';
import { checkClassifyInput, type ClassifyManyOptions, type ClassifyManyResult, type ClassifyOptions, type ClassifyRequest, type FromPretrainedOptions } from '@gliznet/sdk';
import type { ServedClassifier } from './create-server.js';
import { deserializeError, type WorkerData, type WorkerReply, type WorkerRequest } from './worker-protocol.js';

/** Runs a worker's entry (TypeScript through tsx when running from the sources, else the built .js). */
const BOOTSTRAP = `
const { workerData } = require('node:worker_threads');
(async () => {
  if (workerData.tsxApi !== undefined) (await import(workerData.tsxApi)).register();
  await import(workerData.entry);
})().catch((error) => { throw error; });
`;

/** Options of {@link WorkerClassifier.start} besides the model's. */
export interface WorkerClassifierOptions {
  /**
   * Most restarts of a model thread that stopped unexpectedly within `restartWindowMs` (default 3);
   * one more and the classifier fails every request with an InferenceError saying to restart the server.
   */
  maxRestarts?: number;
  /** The window of `maxRestarts`, in milliseconds (default 60,000). */
  restartWindowMs?: number;
  /** Called with each model thread once its model has loaded (the first and every restart), e.g. to watch it. */
  onThread?: (worker: Worker) => void;
}

interface ModelThread {
  worker: Worker;
  ready: Extract<WorkerReply, { type: 'ready' }>;
}

/** Starts a worker thread and waits for its model (rejects with the worker's ModelLoadError). */
async function startThread(modelDirectory: string | undefined, options: FromPretrainedOptions): Promise<ModelThread> {
  const source = import.meta.url.endsWith('.ts');
  const entry = new URL(`./classifier-worker.${source ? 'ts' : 'js'}`, import.meta.url).href;
  const workerData: WorkerData = { modelDirectory, options, entry, ...(source ? { tsxApi: import.meta.resolve('tsx/esm/api') } : {}) };
  const worker = new Worker(BOOTSTRAP, {
    eval: true,
    workerData,
    // From the sources, workspace packages resolve to src/ (docs/decisions/0002-source-export-condition.md).
    ...(source ? { execArgv: [...withoutConditions(process.execArgv), '--conditions=@gliznet/source'] } : {}),
  });
  const first = await new Promise<WorkerReply>((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new InferenceError(`the model thread exited with code ${code} while loading`)));
  });
  if (first.type === 'load-failed') {
    await worker.terminate();
    throw deserializeError(first.error);
  }
  if (first.type !== 'ready') throw new InferenceError(`the model thread sent ${first.type} before ready`);
  worker.removeAllListeners('message');
  worker.removeAllListeners('error');
  worker.removeAllListeners('exit');
  return { worker, ready: first };
}

/**
 * When the model thread stops unexpectedly (a crash in onnxruntime, an out-of-memory abort), the
 * requests it held fail with an InferenceError saying so, and a new thread loads the model;
 * requests that arrive meanwhile wait for it. More than `maxRestarts` stops within
 * `restartWindowMs` (a model that crashes on load or on every batch) end it: every request then
 * fails with an InferenceError saying to restart the server.
 */
export class WorkerClassifier implements ServedClassifier {
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (outcome: ClassifyManyResult) => void; reject: (error: unknown) => void }>();
  private failure: InferenceError | undefined;
  private thread: ModelThread | undefined;
  private restarting: Promise<ModelThread> | undefined;
  private readonly stops: number[] = [];
  private restartCount = 0;

  private constructor(
    first: ModelThread,
    private readonly modelArguments: { modelDirectory: string | undefined; options: FromPretrainedOptions },
    private readonly settings: Required<Omit<WorkerClassifierOptions, 'onThread'>> & Pick<WorkerClassifierOptions, 'onThread'>,
  ) {
    this.config = first.ready.config;
    this.modelDirectory = first.ready.modelDirectory;
    this.modelPath = first.ready.modelPath;
    this.adopt(first);
  }

  /** The model's config.json (with the template given at load). */
  readonly config: ModelConfig;
  readonly modelDirectory: string;
  readonly modelPath: string;

  /** How many times a stopped model thread was replaced. */
  get restarts(): number {
    return this.restartCount;
  }

  /** Starts a worker thread and loads the model in it (ZeroShotClassifier.fromPretrained's arguments). Rejects with its ModelLoadError. */
  static async start(modelDirectory: string | undefined, options: FromPretrainedOptions = {}, supervision: WorkerClassifierOptions = {}): Promise<WorkerClassifier> {
    const maxRestarts = supervision.maxRestarts ?? 3;
    const restartWindowMs = supervision.restartWindowMs ?? 60_000;
    if (!(Number.isInteger(maxRestarts) && maxRestarts >= 0)) throw new InvalidArgumentError('maxRestarts', `maxRestarts must be an integer >= 0, got ${maxRestarts}`);
    if (!(restartWindowMs > 0)) throw new InvalidArgumentError('restartWindowMs', `restartWindowMs must be a positive number of milliseconds, got ${restartWindowMs}`);
    const first = await startThread(modelDirectory, options);
    return new WorkerClassifier(first, { modelDirectory, options }, { maxRestarts, restartWindowMs, onThread: supervision.onThread });
  }

  private adopt(thread: ModelThread): void {
    this.thread = thread;
    const { worker } = thread;
    worker.on('message', (reply: WorkerReply) => {
      if (reply.type !== 'result' && reply.type !== 'error') return;
      const waiting = this.pending.get(reply.id);
      if (waiting === undefined) return;
      this.pending.delete(reply.id);
      if (reply.type === 'result') waiting.resolve(reply.outcome);
      else waiting.reject(deserializeError(reply.error));
    });
    let stopped = false;
    const onStop = (reason: string): void => {
      if (stopped) return;
      stopped = true;
      this.stopped(thread, reason);
    };
    worker.on('error', (error) => onStop(error.message));
    worker.on('exit', (code) => onStop(`exit code ${code}`));
    this.settings.onThread?.(worker);
  }

  /** The thread stopped on its own: fail what it held, then replace it unless it stops too often. */
  private stopped(thread: ModelThread, reason: string): void {
    if (this.thread !== thread || this.failure !== undefined) return;
    this.thread = undefined;
    const now = Date.now();
    this.stops.push(now);
    while (this.stops.length > 0 && now - (this.stops[0] as number) > this.settings.restartWindowMs) this.stops.shift();
    const giveUp = this.stops.length > this.settings.maxRestarts;
    const held = new InferenceError(
      giveUp
        ? `the model thread stopped (${reason}), ${this.stops.length} times within ${this.settings.restartWindowMs / 1000} s; restart the server`
        : `the model thread stopped (${reason}) while classifying this request; a new one is loading the model: retry the request`,
    );
    for (const waiting of this.pending.values()) waiting.reject(held);
    this.pending.clear();
    if (giveUp) {
      this.failure = held;
      return;
    }
    void thread.worker.terminate();
    const restart = startThread(this.modelArguments.modelDirectory, this.modelArguments.options);
    this.restarting = restart;
    restart.then(
      (next) => {
        if (this.restarting !== restart) return;
        this.restarting = undefined;
        if (this.failure !== undefined) {
          void next.worker.terminate();
          return;
        }
        this.restartCount += 1;
        this.adopt(next);
      },
      (error: unknown) => {
        if (this.restarting !== restart) return;
        this.restarting = undefined;
        this.failure ??= new InferenceError(`the model thread stopped (${reason}) and could not be restarted (${(error as Error).message}); restart the server`, { cause: error });
      },
    );
  }

  checkClassifyInput(texts: readonly string[], labels: readonly string[] | readonly (readonly string[])[], options: ClassifyOptions = {}): void {
    checkClassifyInput(this.config, texts, labels, options);
  }

  async classifyMany(requests: readonly ClassifyRequest[], options: ClassifyManyOptions = {}): Promise<ClassifyManyResult> {
    if (this.failure === undefined && this.thread === undefined && this.restarting !== undefined) await this.restarting.catch(() => undefined);
    const thread = this.thread;
    if (this.failure !== undefined) throw this.failure;
    if (thread === undefined) throw new InferenceError('the model thread is not running; restart the server');
    const { signal: _signal, ...transferable } = options; // an AbortSignal cannot cross threads; the batcher never passes one
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      thread.worker.postMessage({ type: 'classify', id, requests: [...requests], options: transferable } satisfies WorkerRequest);
    });
  }

  /** Releases the model and ends the thread. */
  async dispose(): Promise<void> {
    if (this.failure !== undefined) return;
    this.failure = new InferenceError('this classifier was disposed');
    const restarting = this.restarting;
    this.restarting = undefined;
    if (restarting !== undefined) void restarting.then((next) => next.worker.terminate(), () => undefined);
    const thread = this.thread;
    this.thread = undefined;
    if (thread === undefined) return;
    const { worker } = thread;
    const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
    worker.postMessage({ type: 'dispose' } satisfies WorkerRequest);
    const timeout = setTimeout(() => void worker.terminate(), 5000);
    await exited;
    clearTimeout(timeout);
  }
}

/** `execArgv` without its `--conditions` / `-C` flags, in both the `--conditions=x` and the `--conditions x` form. */
export function withoutConditions(execArgv: readonly string[]): string[] {
  const kept: string[] = [];
  for (let index = 0; index < execArgv.length; index += 1) {
    const flag = execArgv[index]!;
    if (flag === '--conditions' || flag === '-C') index += 1;
    else if (!flag.startsWith('--conditions=') && !flag.startsWith('-C=')) kept.push(flag);
  }
  return kept;
}
