/**
 * The batch worker: a BullMQ Worker on the batch queue. Each chunk job is classified and its output
 * stored under the chunk's result key in one transaction with its "done" record, so a chunk run
 * twice (a retry, or a job recovered from a killed worker) overwrites the same key with the same
 * lines. A worker that dies mid-chunk stops renewing the job's lock; BullMQ's stalled-job check in
 * the other workers puts the job back on the queue after `lockDurationMs`.
 */
import { GliznetError } from '@gliznet/common';
import { UnrecoverableError, Worker, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import { BadRowsError } from './errors.js';
import { QUEUE_NAME, batchKeys } from './keys.js';
import { classifyChunk, type ChunkClassifier } from './process-chunk.js';
import type { BatchMeta, ChunkDone, ChunkFailure, ChunkJobData } from './types.js';

export const DEFAULT_LOCK_DURATION_MS = 30_000;
/** Times a chunk may be recovered from a dead worker before it is failed (BullMQ `maxStalledCount`). */
export const MAX_STALLED_COUNT = 3;

/** What the worker reports (the CLI prints these on stderr; libraries never print). */
export type WorkerEvent =
  | { type: 'chunk-started'; chunkId: string; batchId: string; index: number; rows: number; attempt: number }
  | { type: 'chunk-done'; chunkId: string; batchId: string; index: number; rows: number; attempt: number; milliseconds: number }
  | { type: 'chunk-retry'; chunkId: string; attempt: number; attempts: number; retryInMs: number; message: string }
  | { type: 'chunk-failed'; chunkId: string; attempt: number; message: string }
  | { type: 'chunk-recovered'; chunkId: string }
  | { type: 'error'; message: string };

export interface BatchWorkerOptions {
  /** A connection made with `connectWorker` (`maxRetriesPerRequest: null`). */
  redis: Redis;
  /** The classifier for a batch's hypothesis template (undefined: the model's own); called once per template. */
  loadClassifier(hypothesisTemplate: string | undefined): Promise<ChunkClassifier>;
  /** Recorded with each chunk: which model classified it. */
  model: string;
  /** Recorded with each chunk: which worker classified it. */
  name: string;
  /** Chunks classified at once by this worker. Default 1. */
  concurrency?: number;
  /** Lock on a running chunk (renewed every half of it); a dead worker's chunk is retried after about this long. Default 30 s. */
  lockDurationMs?: number;
  onEvent?: (event: WorkerEvent) => void;
}

export interface BatchWorker {
  /** Resolves when connected to Redis. */
  waitUntilReady(): Promise<void>;
  /**
   * Stops taking chunks, lets the running ones finish (or abandons them with `force`). The
   * classifiers (from `loadClassifier`) and the Redis connection stay the caller's to dispose.
   */
  close(force?: boolean): Promise<void>;
}

function backoffDelay(meta: Pick<BatchMeta, 'backoffMs'>, attempt: number): number {
  return meta.backoffMs * 2 ** (attempt - 1);
}

/** Starts a worker on the batch queue. */
export function startBatchWorker(options: BatchWorkerOptions): BatchWorker {
  const { redis } = options;
  const emit = (event: WorkerEvent): void => options.onEvent?.(event);
  const metas = new Map<string, BatchMeta>();
  const classifiers = new Map<string, Promise<ChunkClassifier>>();

  const batchMeta = async (batchId: string): Promise<BatchMeta> => {
    const cached = metas.get(batchId);
    if (cached !== undefined) return cached;
    const text = await redis.get(batchKeys(batchId).meta);
    if (text === null) throw new UnrecoverableError(`batch ${batchId} has no record in Redis (deleted?); dropping its chunk`);
    const meta = JSON.parse(text) as BatchMeta;
    if (meta.version !== 1) throw new UnrecoverableError(`batch ${batchId} was submitted by an incompatible @gliznet/batch (record version ${String(meta.version)}); run a worker of that version`);
    metas.set(batchId, meta);
    return meta;
  };

  const classifierFor = (template: string | undefined): Promise<ChunkClassifier> => {
    const key = template ?? '\u0000model default';
    let classifier = classifiers.get(key);
    if (classifier === undefined) {
      classifier = options.loadClassifier(template);
      classifiers.set(key, classifier);
      classifier.catch(() => classifiers.delete(key));
    }
    return classifier;
  };

  const processChunk = async (job: Job<ChunkJobData>): Promise<void> => {
    const chunk = job.data;
    const attempt = job.attemptsMade + 1;
    const attempts = job.opts.attempts ?? 1;
    const keys = batchKeys(chunk.batchId);
    const startedAt = Date.now();
    emit({ type: 'chunk-started', chunkId: job.id ?? '?', batchId: chunk.batchId, index: chunk.index, rows: chunk.rows.length, attempt });
    try {
      const meta = await batchMeta(chunk.batchId);
      const classifier = await classifierFor(meta.hypothesisTemplate);
      const output = await classifyChunk(chunk, meta, classifier);
      const done: ChunkDone = { rows: chunk.rows.length, worker: options.name, model: options.model, startedAt, finishedAt: Date.now(), attempt };
      await redis.multi().set(keys.result(chunk.index), output).hset(keys.done, String(chunk.index), JSON.stringify(done)).hdel(keys.failed, String(chunk.index)).exec();
      emit({ type: 'chunk-done', chunkId: job.id ?? '?', batchId: chunk.batchId, index: chunk.index, rows: chunk.rows.length, attempt, milliseconds: done.finishedAt - startedAt });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      // Bad rows fail the same way every time: no retry. Anything else (model, runtime, Redis) is retried with backoff.
      const final = BadRowsError.isInstance(error) || error instanceof UnrecoverableError || attempt >= attempts;
      if (final) {
        const failure: ChunkFailure = {
          code: GliznetError.isInstance(error) ? error.code : error instanceof Error ? error.name : 'Error',
          message,
          badRows: BadRowsError.isInstance(error) ? [...error.badRows] : [],
          attempts: attempt,
          worker: options.name,
          failedAt: Date.now(),
        };
        // (A chunk of a deleted batch leaves no record behind.)
        if (metas.has(chunk.batchId) || (await redis.exists(keys.meta)) === 1) await redis.hset(keys.failed, String(chunk.index), JSON.stringify(failure));
        emit({ type: 'chunk-failed', chunkId: job.id ?? '?', attempt, message });
        throw error instanceof UnrecoverableError ? error : new UnrecoverableError(message);
      }
      emit({ type: 'chunk-retry', chunkId: job.id ?? '?', attempt, attempts, retryInMs: backoffDelay(metas.get(chunk.batchId) ?? { backoffMs: 0 }, attempt), message });
      throw error;
    }
  };

  const lockDuration = options.lockDurationMs ?? DEFAULT_LOCK_DURATION_MS;
  const worker = new Worker<ChunkJobData>(QUEUE_NAME, processChunk, {
    connection: redis,
    concurrency: options.concurrency ?? 1,
    lockDuration,
    stalledInterval: lockDuration,
    maxStalledCount: MAX_STALLED_COUNT,
    name: options.name,
  });
  worker.on('error', (error: Error) => emit({ type: 'error', message: error.message }));
  worker.on('stalled', (jobId: string) => emit({ type: 'chunk-recovered', chunkId: jobId }));

  return {
    waitUntilReady: async () => {
      await worker.waitUntilReady();
    },
    close: async (force = false) => {
      await worker.close(force);
    },
  };
}
