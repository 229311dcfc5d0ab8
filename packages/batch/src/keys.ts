/**
 * Where a batch lives in Redis. BullMQ keeps the queue itself (`bull:gliznet-batch:*`); the batch's
 * own records are plain keys under `gliznet:batch:<id>`:
 *
 * | key | type | holds |
 * |---|---|---|
 * | `gliznet:batches` | sorted set | batch ids by creation time |
 * | `gliznet:batch:<id>` | string | the batch's description (JSON, `BatchMeta`) |
 * | `gliznet:batch:<id>:chunks` | hash | chunk index -> its rows' position in the input (JSON, `ChunkPlan`) |
 * | `gliznet:batch:<id>:result:<index>` | string | the chunk's output lines (JSONL), overwritten by a retry |
 * | `gliznet:batch:<id>:done` | hash | chunk index -> who classified it and when (JSON, `ChunkDone`) |
 * | `gliznet:batch:<id>:failed` | hash | chunk index -> its last error (JSON, `ChunkFailure`) |
 */

/** The one BullMQ queue every batch's chunks go through. */
export const QUEUE_NAME = 'gliznet-batch';

const PREFIX = 'gliznet:batch';

export const BATCHES_KEY = 'gliznet:batches';

export const batchKeys = (batchId: string) => ({
  meta: `${PREFIX}:${batchId}`,
  chunks: `${PREFIX}:${batchId}:chunks`,
  done: `${PREFIX}:${batchId}:done`,
  failed: `${PREFIX}:${batchId}:failed`,
  result: (index: number) => `${PREFIX}:${batchId}:result:${index}`,
});

/** BullMQ job id (the chunk id) of chunk `index`: `<batch id>-c<index>`, zero-padded so ids sort in input order. */
export function chunkId(batchId: string, index: number): string {
  return `${batchId}-c${String(index).padStart(6, '0')}`;
}

/** Batch ids are `<yyyymmdd>-<hhmmss>-<6 hex>` (UTC); also what `gliznet batch submit --id` accepts. */
export const BATCH_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;
