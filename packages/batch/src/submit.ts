/**
 * Submitting a batch: the input is read twice. The first pass checks every row (JSON, text field,
 * labels) and plans the chunks, so a malformed file fails naming its line before anything is
 * enqueued; the second pass puts one BullMQ job per chunk on the queue, the rows in the job's data.
 */
import { randomBytes } from 'node:crypto';
import { DataFormatError, InvalidArgumentError } from '@gliznet/common';
import { readInputRecords, type ClassifyOptions, type InputFormat, type InputRecord } from '@gliznet/sdk';
import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { BATCHES_KEY, QUEUE_NAME, batchKeys, chunkId } from './keys.js';
import type { BatchMeta, ChunkJobData, ChunkPlan, ChunkRow } from './types.js';

export const DEFAULT_CHUNK_SIZE = 1000;
export const DEFAULT_ATTEMPTS = 3;
export const DEFAULT_BACKOFF_MS = 2000;

/** Chunk jobs are added this many at a time. */
const JOBS_PER_ADD = 50;

export interface SubmitBatchOptions {
  /** JSONL or text file, as for `gliznet classify --input` (not stdin: it is read twice). */
  input: string;
  inputFormat?: InputFormat;
  /** JSONL field holding the text. Default `text`. */
  textField?: string;
  /** Labels for rows without `candidate_labels`. */
  labels?: string[];
  classifyOptions?: ClassifyOptions;
  hypothesisTemplate?: string;
  /** Rows per chunk (job). Default 1000. */
  chunkSize?: number;
  /** Attempts per chunk. Default 3. */
  attempts?: number;
  /** First retry delay in ms, doubled each time. Default 2000. */
  backoffMs?: number;
  /** Batch id. Default `<yyyymmdd>-<hhmmss>-<6 hex>`. */
  batchId?: string;
  /** Rows read so far, during each of the two passes. */
  onProgress?: (event: { pass: 'check' | 'enqueue'; rows: number; total?: number }) => void;
}

/** A new batch id: UTC time plus 6 random hex digits (sortable, never all digits). */
export function newBatchId(now: Date = new Date()): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  return `${stamp}-${randomBytes(3).toString('hex')}`;
}

function checkPositiveInteger(name: string, value: number): void {
  if (!Number.isInteger(value) || value < 1) throw new InvalidArgumentError(name, `${name} must be a positive integer, got ${JSON.stringify(value)}`);
}

function toChunkRow(record: InputRecord): ChunkRow {
  return { text: record.text, line: record.line, ...(record.candidateLabels === undefined ? {} : { labels: record.candidateLabels }), ...(record.id === undefined ? {} : { id: record.id }) };
}

/** Checks one row beyond what the reader checks: it must have labels, and text to classify. */
function checkRow(record: InputRecord, options: SubmitBatchOptions): void {
  if (record.candidateLabels === undefined && options.labels === undefined) {
    throw new InvalidArgumentError('--labels', `${options.input} line ${record.line} has no "candidate_labels" and no --labels / --labels-file was given`);
  }
  if (record.text.trim() === '') {
    throw new DataFormatError(options.input, `${options.input}:${record.line}: the text is empty (${JSON.stringify(record.text)}); give it at least one non-whitespace character or remove the row`, { line: record.line });
  }
}

function readerOptions(options: SubmitBatchOptions) {
  return { textField: options.textField ?? 'text', ...(options.inputFormat === undefined ? {} : { format: options.inputFormat }) };
}

/**
 * First pass: reads and checks every row, returns the chunk plan. Throws DataFormatError or
 * InvalidArgumentError naming the file and line of the first bad row.
 */
export async function planChunks(options: SubmitBatchOptions): Promise<ChunkPlan[]> {
  if (options.input === '-') throw new InvalidArgumentError('--input', 'batch submit reads its --input twice (check, then enqueue), so it needs a file, not stdin: save the input to a file first');
  const chunkSize = options.chunkSize ?? DEFAULT_CHUNK_SIZE;
  checkPositiveInteger('--chunk-size', chunkSize);
  const plans: ChunkPlan[] = [];
  let rows = 0;
  for await (const record of readInputRecords(options.input, readerOptions(options))) {
    checkRow(record, options);
    const index = Math.floor(rows / chunkSize);
    const plan = plans[index];
    if (plan === undefined) plans.push({ index, firstRow: rows, rows: 1, firstLine: record.line, lastLine: record.line });
    else {
      plan.rows += 1;
      plan.lastLine = record.line;
    }
    rows += 1;
    if (rows % 10_000 === 0) options.onProgress?.({ pass: 'check', rows });
  }
  if (rows === 0) throw new DataFormatError(options.input, `${options.input} holds no texts (blank lines are skipped); nothing to submit`);
  options.onProgress?.({ pass: 'check', rows });
  return plans;
}

/**
 * Submits a batch: checks the whole input (nothing is enqueued if a row is bad), records the batch,
 * then enqueues its chunks. Returns the batch's description.
 */
export async function submitBatch(redis: Redis, options: SubmitBatchOptions): Promise<BatchMeta> {
  const attempts = options.attempts ?? DEFAULT_ATTEMPTS;
  const backoffMs = options.backoffMs ?? DEFAULT_BACKOFF_MS;
  checkPositiveInteger('--attempts', attempts);
  if (!Number.isInteger(backoffMs) || backoffMs < 0) throw new InvalidArgumentError('--backoff', `--backoff must be a non-negative integer (milliseconds), got ${JSON.stringify(backoffMs)}`);
  const plans = await planChunks(options);
  const total = plans.reduce((sum, plan) => sum + plan.rows, 0);
  const chunkSize = options.chunkSize ?? DEFAULT_CHUNK_SIZE;
  const id = options.batchId ?? newBatchId();
  const keys = batchKeys(id);
  const meta: BatchMeta = {
    version: 1,
    id,
    createdAt: new Date().toISOString(),
    input: options.input,
    inputFormat: options.inputFormat,
    textField: options.textField ?? 'text',
    labels: options.labels,
    classifyOptions: options.classifyOptions ?? {},
    hypothesisTemplate: options.hypothesisTemplate,
    rows: total,
    chunkSize,
    chunkCount: plans.length,
    attempts,
    backoffMs,
    state: 'submitting',
  };
  const created = await redis.set(keys.meta, JSON.stringify(meta), 'NX');
  if (created !== 'OK') throw new InvalidArgumentError('--id', `a batch with id ${JSON.stringify(id)} already exists; choose another id`);
  const transaction = redis.multi().zadd(BATCHES_KEY, Date.now(), id);
  for (const plan of plans) transaction.hset(keys.chunks, String(plan.index), JSON.stringify(plan));
  await transaction.exec();

  const queue = new Queue<ChunkJobData>(QUEUE_NAME, { connection: redis });
  try {
    let pending: { name: string; data: ChunkJobData; opts: Record<string, unknown> }[] = [];
    let rows: ChunkRow[] = [];
    let seen = 0;
    const flush = async (): Promise<void> => {
      if (pending.length === 0) return;
      await queue.addBulk(pending);
      pending = [];
    };
    const addChunk = async (plan: ChunkPlan): Promise<void> => {
      pending.push({
        name: 'chunk',
        data: { batchId: id, index: plan.index, firstRow: plan.firstRow, rows },
        opts: { jobId: chunkId(id, plan.index), attempts, backoff: { type: 'exponential', delay: backoffMs }, removeOnComplete: true, removeOnFail: false },
      });
      rows = [];
      if (pending.length >= JOBS_PER_ADD) await flush();
    };
    for await (const record of readInputRecords(options.input, readerOptions(options))) {
      checkRow(record, options);
      rows.push(toChunkRow(record));
      seen += 1;
      const plan = plans[Math.floor((seen - 1) / chunkSize)];
      if (plan === undefined || seen > total) break;
      if (rows.length === plan.rows) await addChunk(plan);
      if (seen % 10_000 === 0) options.onProgress?.({ pass: 'enqueue', rows: seen, total });
    }
    if (seen !== total || rows.length > 0) {
      throw new DataFormatError(options.input, `${options.input} changed while it was being submitted (${total} rows at the check, ${seen} now); batch ${id} is incomplete: delete it (gliznet batch delete ${id}) and submit again from a file nothing writes to`);
    }
    await flush();
    options.onProgress?.({ pass: 'enqueue', rows: seen, total });
  } finally {
    await queue.close();
  }
  meta.state = 'submitted';
  await redis.set(keys.meta, JSON.stringify(meta));
  return meta;
}
