/**
 * A ServedClassifier whose model runs in a worker thread. onnxruntime-node runs a session
 * synchronously on the calling thread: in the server's own thread, no request could be read, queued
 * or refused while a batch runs (measured with `pnpm bench serve`: at 2x overload the queue never
 * filled and requests waited unseen in the sockets). Requests are checked in the server thread
 * (against the model's config.json, as `classify` would), classified in the worker.
 */
import { Worker } from 'node:worker_threads';
import { InferenceError, type ModelConfig } from '@gliznet/common';
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

export class WorkerClassifier implements ServedClassifier {
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (outcome: ClassifyManyResult) => void; reject: (error: unknown) => void }>();
  private failure: InferenceError | undefined;

  private constructor(
    private readonly worker: Worker,
    /** The model's config.json (with the template given at load). */
    readonly config: ModelConfig,
    readonly modelDirectory: string,
    readonly modelPath: string,
  ) {
    worker.on('message', (reply: WorkerReply) => {
      if (reply.type !== 'result' && reply.type !== 'error') return;
      const waiting = this.pending.get(reply.id);
      if (waiting === undefined) return;
      this.pending.delete(reply.id);
      if (reply.type === 'result') waiting.resolve(reply.outcome);
      else waiting.reject(deserializeError(reply.error));
    });
    const fail = (reason: string): void => {
      this.failure ??= new InferenceError(`the model thread stopped (${reason}); restart the server`);
      for (const waiting of this.pending.values()) waiting.reject(this.failure);
      this.pending.clear();
    };
    worker.on('error', (error) => fail(error.message));
    worker.on('exit', (code) => fail(`exit code ${code}`));
  }

  /** Starts a worker thread and loads the model in it (ZeroShotClassifier.fromPretrained's arguments). Rejects with its ModelLoadError. */
  static async start(modelDirectory: string | undefined, options: FromPretrainedOptions = {}): Promise<WorkerClassifier> {
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
    return new WorkerClassifier(worker, first.config, first.modelDirectory, first.modelPath);
  }

  checkClassifyInput(texts: readonly string[], labels: readonly string[] | readonly (readonly string[])[], options: ClassifyOptions = {}): void {
    checkClassifyInput(this.config, texts, labels, options);
  }

  classifyMany(requests: readonly ClassifyRequest[], options: ClassifyManyOptions = {}): Promise<ClassifyManyResult> {
    if (this.failure !== undefined) return Promise.reject(this.failure);
    const { signal: _signal, ...transferable } = options; // an AbortSignal cannot cross threads; the batcher never passes one
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage({ type: 'classify', id, requests: [...requests], options: transferable } satisfies WorkerRequest);
    });
  }

  /** Releases the model and ends the thread. */
  async dispose(): Promise<void> {
    if (this.failure !== undefined) return;
    this.failure = new InferenceError('this classifier was disposed');
    const exited = new Promise<void>((resolve) => this.worker.once('exit', () => resolve()));
    this.worker.postMessage({ type: 'dispose' } satisfies WorkerRequest);
    const timeout = setTimeout(() => void this.worker.terminate(), 5000);
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
