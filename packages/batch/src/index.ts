// @gliznet/batch: distributed batch classification on BullMQ + Redis with @gliznet/sdk. See README.md and docs/batch.md.
export { submitBatch, planChunks, newBatchId, DEFAULT_CHUNK_SIZE, DEFAULT_ATTEMPTS, DEFAULT_BACKOFF_MS, type SubmitBatchOptions } from './submit.js';
export { startBatchWorker, DEFAULT_LOCK_DURATION_MS, MAX_STALLED_COUNT, type BatchWorker, type BatchWorkerOptions, type WorkerEvent } from './worker.js';
export { classifyChunk, type ChunkClassifier } from './process-chunk.js';
export { getBatchStatus, listBatches, readBatchMeta, readChunkPlans, type BatchStatus, type FailedChunk } from './status.js';
export { collectBatch, type CollectOptions, type CollectResult } from './collect.js';
export { retryChunks, deleteBatch } from './manage.js';
export { connectClient, connectWorker, parseRedisUrl, redactRedisUrl, REDIS_URL_ENVIRONMENT_VARIABLE } from './connection.js';
export { QUEUE_NAME, batchKeys, chunkId } from './keys.js';
export { BadRowsError, BatchIncompleteError } from './errors.js';
export type { BatchMeta, ChunkPlan, ChunkRow, ChunkJobData, ChunkDone, ChunkFailure, BadRow } from './types.js';
export { runBatchCli, type BatchCliDependencies, type BatchCliIo } from './cli/run-batch-cli.js';
export { startLocalRedisServer, type LocalRedisServer } from './local-redis-server.js';
