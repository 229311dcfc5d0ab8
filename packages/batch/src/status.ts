/**
 * A batch's progress: chunks done (from the batch's own "done" records), failed (its "failed"
 * records, plus BullMQ's failed jobs, e.g. a chunk that killed its worker too often), and the
 * rest from each job's BullMQ state; rows/s over the done chunks and the ETA that follows.
 */
import { InvalidArgumentError } from '@gliznet/common';
import { Job, Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { BATCHES_KEY, BATCH_ID_PATTERN, QUEUE_NAME, batchKeys, chunkId } from './keys.js';
import type { BatchMeta, ChunkDone, ChunkFailure, ChunkPlan } from './types.js';

export interface FailedChunk extends ChunkPlan {
  failure: ChunkFailure;
}

export interface BatchStatus {
  id: string;
  input: string;
  createdAt: string;
  /**
   * `submitting`: chunks are still being enqueued; `running`: chunks left to classify; `complete`:
   * every chunk done (collect it); `failed`: nothing left to run but some chunks failed (see
   * `failures`; `gliznet batch retry`); `incomplete`: nothing left to run, none failed, some missing.
   */
  state: 'submitting' | 'running' | 'complete' | 'failed' | 'incomplete';
  chunks: { total: number; done: number; failed: number; waiting: number; active: number; retrying: number; missing: number };
  rows: { total: number; done: number };
  /** Rows per second from the first chunk's start to the last chunk's end (null before any chunk is done). */
  rowsPerSecond: number | null;
  elapsedSeconds: number | null;
  /** Seconds left at the current rate, while running (null when unknown or not running). */
  etaSeconds: number | null;
  /** Models that classified the done chunks (more than one: results are not comparable; collect refuses). */
  models: string[];
  workers: string[];
  failures: FailedChunk[];
  /** Chunks neither done nor on the queue (an interrupted submit, or removed from the queue by hand). */
  missingChunks: ChunkPlan[];
}

/** Reads a batch's record; InvalidArgumentError (listing recent batch ids) when there is none. */
export async function readBatchMeta(redis: Redis, batchId: string): Promise<BatchMeta> {
  if (!BATCH_ID_PATTERN.test(batchId)) throw new InvalidArgumentError('batch id', `${JSON.stringify(batchId)} is not a batch id (submit prints it, e.g. 20250101-120000-3fa9c1)`);
  const text = await redis.get(batchKeys(batchId).meta);
  if (text === null) {
    const recent = await redis.zrevrange(BATCHES_KEY, 0, 4);
    throw new InvalidArgumentError('batch id', `no batch ${JSON.stringify(batchId)} in this Redis${recent.length > 0 ? `; recent batches: ${recent.join(', ')}` : ' (it has no batches)'}. Is --redis the server the batch was submitted to?`);
  }
  return JSON.parse(text) as BatchMeta;
}

function parseHash<T>(hash: Record<string, string>): Map<number, T> {
  return new Map(Object.entries(hash).map(([index, value]) => [Number(index), JSON.parse(value) as T]));
}

/** The chunk plans of a batch, in order. */
export async function readChunkPlans(redis: Redis, meta: BatchMeta): Promise<ChunkPlan[]> {
  const plans = parseHash<ChunkPlan>(await redis.hgetall(batchKeys(meta.id).chunks));
  return [...plans.values()].sort((a, b) => a.index - b.index);
}

export async function getBatchStatus(redis: Redis, batchId: string): Promise<BatchStatus> {
  const meta = await readBatchMeta(redis, batchId);
  const keys = batchKeys(batchId);
  const [plans, done, recordedFailures] = await Promise.all([
    readChunkPlans(redis, meta),
    redis.hgetall(keys.done).then((hash) => parseHash<ChunkDone>(hash)),
    redis.hgetall(keys.failed).then((hash) => parseHash<ChunkFailure>(hash)),
  ]);
  const counts = { total: meta.chunkCount, done: 0, failed: 0, waiting: 0, active: 0, retrying: 0, missing: 0 };
  const failures: FailedChunk[] = [];
  const missingChunks: ChunkPlan[] = [];
  const pending = plans.filter((plan) => !done.has(plan.index));
  const queue = new Queue(QUEUE_NAME, { connection: redis });
  try {
    const states = await Promise.all(pending.map((plan) => queue.getJobState(chunkId(batchId, plan.index))));
    // A chunk can finish between reading the done records and reading its job's state (its job is
    // then already removed): read the done records of the chunks without a queue state once more.
    const vanished = pending.filter((_, position) => states[position] === 'unknown' || states[position] === 'completed');
    if (vanished.length > 0) {
      const records = await redis.hmget(keys.done, ...vanished.map((plan) => String(plan.index)));
      vanished.forEach((plan, position) => {
        const record = records[position];
        if (record !== null && record !== undefined) done.set(plan.index, JSON.parse(record) as ChunkDone);
      });
    }
    for (const [position, plan] of pending.entries()) {
      if (done.has(plan.index)) continue;
      const state = states[position];
      const recorded = recordedFailures.get(plan.index);
      if (state === 'failed' || (recorded !== undefined && state !== 'waiting' && state !== 'active' && state !== 'delayed')) {
        counts.failed += 1;
        let failure = recorded;
        if (failure === undefined) {
          const job = await Job.fromId(queue, chunkId(batchId, plan.index));
          failure = { code: 'Error', message: job?.failedReason ?? 'failed (no reason recorded)', badRows: [], attempts: job?.attemptsMade ?? 0, worker: '?', failedAt: job?.finishedOn ?? 0 };
        }
        failures.push({ ...plan, failure });
      } else if (state === 'active') counts.active += 1;
      else if (state === 'delayed') counts.retrying += 1;
      else if (state === 'waiting' || state === 'prioritized' || state === 'waiting-children') counts.waiting += 1;
      else {
        // completed without a done record cannot happen (the record is written first); unknown: never enqueued or removed.
        counts.missing += 1;
        missingChunks.push(plan);
      }
    }
  } finally {
    await queue.close();
  }
  counts.done = plans.filter((plan) => done.has(plan.index)).length;
  if (meta.state === 'submitting') counts.missing += meta.chunkCount - plans.length;
  const doneRecords = [...done.values()];
  const rowsDone = doneRecords.reduce((sum, record) => sum + record.rows, 0);
  const firstStart = Math.min(...doneRecords.map((record) => record.startedAt));
  const lastEnd = Math.max(...doneRecords.map((record) => record.finishedAt));
  const running = counts.waiting + counts.active + counts.retrying > 0;
  const now = Date.now();
  const elapsedSeconds = doneRecords.length === 0 ? null : ((running ? now : lastEnd) - firstStart) / 1000;
  const rowsPerSecond = elapsedSeconds === null || elapsedSeconds <= 0 ? null : rowsDone / elapsedSeconds;
  const state: BatchStatus['state'] = meta.state === 'submitting' ? 'submitting' : counts.done === meta.chunkCount ? 'complete' : running ? 'running' : counts.failed > 0 ? 'failed' : 'incomplete';
  return {
    id: batchId,
    input: meta.input,
    createdAt: meta.createdAt,
    state,
    chunks: counts,
    rows: { total: meta.rows, done: rowsDone },
    rowsPerSecond,
    elapsedSeconds,
    etaSeconds: state === 'running' && rowsPerSecond !== null && rowsPerSecond > 0 ? (meta.rows - rowsDone) / rowsPerSecond : null,
    models: [...new Set(doneRecords.map((record) => record.model))].sort(),
    workers: [...new Set(doneRecords.map((record) => record.worker))].sort(),
    failures: failures.sort((a, b) => a.index - b.index),
    missingChunks,
  };
}

/** Recent batches, newest first. */
export async function listBatches(redis: Redis, limit = 20): Promise<string[]> {
  return redis.zrevrange(BATCHES_KEY, 0, limit - 1);
}
