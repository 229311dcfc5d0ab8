/** Retrying failed chunks and deleting a batch. */
import { InvalidArgumentError } from '@gliznet/common';
import { Job, Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { BATCHES_KEY, QUEUE_NAME, batchKeys, chunkId } from './keys.js';
import { getBatchStatus, readBatchMeta, readChunkPlans } from './status.js';
import type { ChunkJobData } from './types.js';

/**
 * Puts failed chunks back on the queue with fresh attempts (all of them, or those in `chunks`).
 * Chunks already waiting or running are left alone. Returns the chunk indices requeued.
 */
export async function retryChunks(redis: Redis, batchId: string, chunks?: readonly number[]): Promise<number[]> {
  const meta = await readBatchMeta(redis, batchId);
  const status = await getBatchStatus(redis, batchId);
  const keys = batchKeys(batchId);
  const plans = new Map((await readChunkPlans(redis, meta)).map((plan) => [plan.index, plan]));
  const wanted = chunks ?? status.failures.map((failure) => failure.index);
  for (const index of wanted) {
    if (!plans.has(index)) throw new InvalidArgumentError('--chunk', `batch ${batchId} has chunks 0-${meta.chunkCount - 1}, not ${index}`);
  }
  const queue = new Queue<ChunkJobData>(QUEUE_NAME, { connection: redis });
  const requeued: number[] = [];
  try {
    for (const index of wanted) {
      const id = chunkId(batchId, index);
      const job = await Job.fromId<ChunkJobData>(queue, id);
      const state = job === undefined ? 'unknown' : await job.getState();
      if (state === 'waiting' || state === 'active' || state === 'delayed' || state === 'prioritized') continue;
      if (job !== undefined && state === 'failed') {
        await redis.hdel(keys.failed, String(index));
        await job.retry('failed', { resetAttemptsMade: true, resetAttemptsStarted: true });
      } else {
        // Done (its job is gone) or never enqueued: the rows come from the input file again.
        throw new InvalidArgumentError('--chunk', `chunk ${index} of batch ${batchId} is ${state === 'unknown' ? (status.failures.some((failure) => failure.index === index) ? 'failed but its job is gone from the queue' : 'done or was never enqueued') : state}; only failed chunks can be retried (status: gliznet batch status ${batchId})`);
      }
      requeued.push(index);
    }
  } finally {
    await queue.close();
  }
  return requeued;
}

/** Removes a batch: its queued chunks, results and records. Returns the number of Redis keys removed. */
export async function deleteBatch(redis: Redis, batchId: string): Promise<number> {
  const meta = await readBatchMeta(redis, batchId);
  const keys = batchKeys(batchId);
  const queue = new Queue(QUEUE_NAME, { connection: redis });
  try {
    for (let index = 0; index < meta.chunkCount; index += 1) {
      const job = await Job.fromId(queue, chunkId(batchId, index));
      if (job === undefined) continue;
      try {
        await job.remove();
      } catch (error) {
        throw new InvalidArgumentError('batch id', `chunk ${index} of batch ${batchId} is being classified right now (${(error as Error).message}); stop the workers or wait for it, then delete again`, { cause: error });
      }
    }
  } finally {
    await queue.close();
  }
  const resultKeys = Array.from({ length: meta.chunkCount }, (_, index) => keys.result(index));
  let removed = 0;
  for (let start = 0; start < resultKeys.length; start += 500) removed += await redis.del(...resultKeys.slice(start, start + 500));
  removed += await redis.del(keys.chunks, keys.done, keys.failed, keys.meta);
  await redis.zrem(BATCHES_KEY, batchId);
  return removed;
}
