/**
 * Collecting a batch: every chunk's output, in chunk order (= input order), streamed into a
 * temporary file beside the target, flushed and renamed over it, so the target is either absent,
 * the old file, or the complete output. Refuses, naming the chunks, while any chunk is not done.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { DataFormatError, InvalidArgumentError } from '@gliznet/common';
import type { Redis } from 'ioredis';
import { BatchIncompleteError } from './errors.js';
import { batchKeys } from './keys.js';
import { getBatchStatus, readBatchMeta, readChunkPlans } from './status.js';
import type { ChunkDone, ChunkPlan } from './types.js';

export interface CollectOptions {
  /** Accept chunks classified by different models (by default collect refuses: the results would not be comparable). */
  allowMixedModels?: boolean;
  /** Chunks read from Redis at once. Default 8. */
  readAhead?: number;
}

export interface CollectResult {
  rows: number;
  chunks: number;
  bytes: number;
  models: string[];
}

function describeChunk(plan: ChunkPlan): string {
  return `chunk ${plan.index} (lines ${plan.firstLine}-${plan.lastLine})`;
}

/** Checks that a chunk's output has one line per row, indices in sequence. */
function checkChunkOutput(text: string, plan: ChunkPlan, batchId: string): void {
  const lines = text.split('\n');
  const complete = lines.at(-1) === '' ? lines.slice(0, -1) : lines;
  const first = complete[0] === undefined ? undefined : (JSON.parse(complete[0]) as { index?: unknown }).index;
  const last = complete.at(-1) === undefined ? undefined : (JSON.parse(complete.at(-1) as string) as { index?: unknown }).index;
  if (complete.length !== plan.rows || lines.at(-1) !== '' || first !== plan.firstRow || last !== plan.firstRow + plan.rows - 1) {
    throw new DataFormatError(`batch ${batchId}`, `${describeChunk(plan)} of batch ${batchId} holds ${complete.length} result lines (indices ${String(first)}-${String(last)}) for ${plan.rows} rows (indices ${plan.firstRow}-${plan.firstRow + plan.rows - 1}); its result in Redis is damaged: delete the batch (gliznet batch delete ${batchId}) and submit the input again`);
  }
}

/**
 * Writes batch `batchId`'s results to `output` (JSON lines, input order, exactly what
 * `gliznet classify --input` writes). Throws BatchIncompleteError naming every chunk not done.
 */
export async function collectBatch(redis: Redis, batchId: string, output: string, options: CollectOptions = {}): Promise<CollectResult> {
  const status = await getBatchStatus(redis, batchId);
  const keys = batchKeys(batchId);
  const done = new Set(Object.keys(await redis.hgetall(keys.done)).map(Number));
  const plans = await readChunkPlans(redis, await readBatchMeta(redis, batchId));
  const missing = plans.filter((plan) => !done.has(plan.index));
  if (status.state !== 'complete' || missing.length > 0) {
    const failed = new Map(status.failures.map((failure) => [failure.index, failure]));
    const described = missing.slice(0, 20).map((plan) => {
      const failure = failed.get(plan.index);
      return `${describeChunk(plan)}${failure === undefined ? '' : `: failed: ${failure.failure.message.split('\n')[0] ?? ''}`}`;
    });
    const absent = status.state === 'submitting' ? ' (the submit has not finished enqueuing)' : '';
    const more = missing.length > described.length ? `\n  ... and ${missing.length - described.length} more` : '';
    throw new BatchIncompleteError(
      batchId,
      missing.map((plan) => plan.index),
      `batch ${batchId} is not complete${absent}: ${missing.length} of ${status.chunks.total} chunks have no results (${status.chunks.failed} failed, ${status.chunks.waiting + status.chunks.active + status.chunks.retrying} still queued or running):\n  ${described.join('\n  ')}${more}\nWatch it with gliznet batch status ${batchId}${status.chunks.failed > 0 ? `; after fixing the cause, gliznet batch retry ${batchId}` : ''}`,
    );
  }
  if (status.models.length > 1 && options.allowMixedModels !== true) {
    const records = await redis.hgetall(keys.done);
    const byModel = new Map<string, number[]>();
    for (const [index, text] of Object.entries(records)) {
      const record = JSON.parse(text) as ChunkDone;
      byModel.set(record.model, [...(byModel.get(record.model) ?? []), Number(index)]);
    }
    const lines = [...byModel.entries()].map(([model, chunks]) => `${model}: ${chunks.length} chunks (e.g. ${chunks.sort((a, b) => a - b).slice(0, 5).join(', ')})`);
    throw new InvalidArgumentError('--allow-mixed-models', `batch ${batchId} was classified by ${status.models.length} different models, so its results are not comparable:\n  ${lines.join('\n  ')}\nRun every worker with the same --model and submit the input again, or pass --allow-mixed-models to collect them anyway`);
  }

  const readAhead = options.readAhead ?? 8;
  const temporary = join(dirname(output), `.${basename(output)}.${randomBytes(6).toString('hex')}.tmp`);
  await mkdir(dirname(output), { recursive: true });
  let handle;
  try {
    handle = await open(temporary, 'w');
  } catch (error) {
    throw new InvalidArgumentError('--output', `cannot write --output ${output}: ${(error as Error).message}`, { cause: error });
  }
  let bytes = 0;
  let rows = 0;
  try {
    const fetches: Promise<string | null>[] = [];
    const fetch = (position: number): void => {
      const plan = plans[position];
      if (plan !== undefined) fetches[position] = redis.get(keys.result(plan.index));
    };
    for (let position = 0; position < Math.min(readAhead, plans.length); position += 1) fetch(position);
    for (const [position, plan] of plans.entries()) {
      const text = await (fetches[position] as Promise<string | null>);
      delete fetches[position];
      fetch(position + readAhead);
      if (text === null) throw new BatchIncompleteError(batchId, [plan.index], `${describeChunk(plan)} of batch ${batchId} is marked done but its result is gone from Redis (evicted? Redis needs maxmemory-policy noeviction); delete the batch (gliznet batch delete ${batchId}) and submit the input again`);
      checkChunkOutput(text, plan, batchId);
      await handle.write(text);
      bytes += Buffer.byteLength(text);
      rows += plan.rows;
    }
    await handle.sync();
    await handle.close();
    handle = undefined;
    await rename(temporary, output);
  } catch (error) {
    await handle?.close();
    await rm(temporary, { force: true });
    throw error;
  }
  return { rows, chunks: plans.length, bytes, models: status.models };
}
