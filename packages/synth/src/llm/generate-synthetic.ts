import { ConfigurationError, InvalidArgumentError, createSeededRandom, writeJsonAtomic } from '@gliznet/common';
import type { TrainingRecord } from '../records/record.js';
import { openRecordWriter } from '../records/record-writer.js';
import { createChatProvider } from './create-provider.js';
import { DEFAULT_GENRES } from './genres.js';
import { parseSynthesisReply } from './parse-reply.js';
import { buildBatchRequest, type BatchSpec } from './prompt.js';
import { ProviderCallFailure, type ChatProvider, type ProviderName } from './provider.js';

export type { SynthesisTotals } from './synthesis-totals.js';
import { scanSynthesisOutput } from './synthesis-output.js';
import { abortableSleep } from './abortable-sleep.js';
import { fatalError } from './provider-errors.js';
import { addTotals, emptyTotals, readPreviousTotals, type SynthesisTotals } from './synthesis-totals.js';

/** Progress of {@link generateSynthetic}. */
export type SynthesisProgressEvent =
  | { type: 'start'; totalBatches: number; pendingBatches: number; alreadyDone: number; droppedPartialBytes: number; droppedIncompleteRecords: number }
  | { type: 'retry'; key: string; attempt: number; reason: string; delayMs: number }
  | {
      type: 'batch';
      key: string;
      status: 'done' | 'skipped';
      records: number;
      reason?: string;
      completedBatches: number;
      skippedBatches: number;
      totalBatches: number;
    };

/** Options of {@link generateSynthetic}. */
export interface GenerateSyntheticOptions {
  /** `'ollama'`, `'groq'`, `'openai'` (any OpenAI-compatible endpoint), or a ready provider. */
  provider: ProviderName | ChatProvider;
  /** Model name (ignored when `provider` is a ChatProvider). */
  model?: string;
  /** Endpoint base URL (provider default when omitted). */
  baseUrl?: string;
  /** API key (default from `GROQ_API_KEY` / `OPENAI_API_KEY`); never logged or written. */
  apiKey?: string;
  /** Environment for keys and URLs (default `process.env`). */
  environment?: Record<string, string | undefined>;
  /** Genres cycled over batches (default: 76 built-in genres). */
  genres?: readonly string[];
  /** Labels in each batch's shared pool (default 15). */
  labelsPerBatch?: number;
  /** Texts per request (default 5). */
  textsPerBatch?: number;
  /** Records wanted: `ceil(count / textsPerBatch)` batches are requested. */
  count: number;
  /** Output JSON-lines file; appended to, so a restarted run continues where it stopped. */
  outFile: string;
  /** Seed: part of every batch key, and sent to providers that accept one (default 42). */
  seed?: number;
  /** Sampling temperature (default 0.9). */
  temperature?: number;
  /** Requests in flight at once (default 2). */
  concurrency?: number;
  /** Attempts per batch before it is skipped (default 4). */
  maxAttempts?: number;
  /** First retry delay in ms, doubled each attempt, with jitter (default 1000). */
  baseDelayMs?: number;
  /** Longest computed retry delay in ms (default 30000). */
  maxDelayMs?: number;
  /** Longest wait honoured from a `retry-after` header in ms (default 120000). */
  maxRetryAfterMs?: number;
  /** Per-request timeout in ms (default 120000). */
  timeoutMs?: number;
  /** Treat a reply that breaks the cross-role rule as invalid (default false: counted only). */
  requireCrossRole?: boolean;
  /** Cancels the run; what was written stays. */
  signal?: AbortSignal;
  onProgress?: (event: SynthesisProgressEvent) => void;
}

/** The outcome of a run, also written to `<outFile>.report.json`. */
export interface SynthesisReport {
  provider: ProviderName;
  model: string;
  baseUrl: string;
  outFile: string;
  seed: number;
  batches: { total: number; alreadyDone: number; completedThisRun: number; skippedThisRun: number; remaining: number };
  resume: { droppedPartialBytes: number; droppedIncompleteRecords: number };
  /** This run's counters. */
  run: SynthesisTotals;
  /** Counters summed over every run on this output (from `<outFile>.state.json`). */
  cumulative: SynthesisTotals;
  /** Batches skipped this run, with the last reason. */
  skipped: { key: string; reason: string }[];
  durationMs: number;
}

function checkOptions(options: GenerateSyntheticOptions): void {
  const positiveInteger = (name: string, value: number | undefined, minimum: number): void => {
    if (value !== undefined && !(Number.isInteger(value) && value >= minimum)) {
      throw new InvalidArgumentError(name, `${name} must be an integer >= ${minimum}, got ${value}.`);
    }
  };
  if (typeof options.outFile !== 'string' || options.outFile.trim() === '') {
    throw new InvalidArgumentError('outFile', 'outFile must name the JSON-lines file to write, e.g. "data/synthetic/train.jsonl".');
  }
  positiveInteger('count', options.count, 1);
  positiveInteger('labelsPerBatch', options.labelsPerBatch, 2);
  positiveInteger('textsPerBatch', options.textsPerBatch, 1);
  positiveInteger('concurrency', options.concurrency, 1);
  positiveInteger('maxAttempts', options.maxAttempts, 1);
  if (options.genres !== undefined && options.genres.filter((genre) => genre.trim() !== '').length === 0) {
    throw new InvalidArgumentError('genres', 'genres must list at least one non-empty genre (or be omitted for the defaults).');
  }
}

/**
 * Generates training records with an LLM: for each batch, one request with a genre, asking for a
 * shared pool of labels and several texts whose positives and hard negatives come from the pool
 * (the cross-role rule). Replies are parsed and validated; bad replies and transient failures are
 * retried with backoff (honouring `retry-after` on 429), then skipped and counted. Records are
 * appended batch by batch, so a restarted run skips finished batches and never duplicates them.
 * Throws `ConfigurationError` for a missing key, rejected credentials, an unknown model or an
 * unreachable endpoint, after saving what was done.
 */
export async function generateSynthetic(options: GenerateSyntheticOptions): Promise<SynthesisReport> {
  checkOptions(options);
  const started = performance.now();
  const provider =
    typeof options.provider === 'string'
      ? createChatProvider({
          provider: options.provider,
          model: options.model ?? '',
          baseUrl: options.baseUrl,
          apiKey: options.apiKey,
          timeoutMs: options.timeoutMs,
          environment: options.environment,
        })
      : options.provider;
  const seed = options.seed ?? 42;
  const genres = (options.genres ?? DEFAULT_GENRES).filter((genre) => genre.trim() !== '');
  const labelsPerBatch = options.labelsPerBatch ?? 15;
  const textsPerBatch = options.textsPerBatch ?? 5;
  const maxAttempts = options.maxAttempts ?? 4;
  const baseDelayMs = options.baseDelayMs ?? 1000;
  const maxDelayMs = options.maxDelayMs ?? 30_000;
  const maxRetryAfterMs = options.maxRetryAfterMs ?? 120_000;
  const temperature = options.temperature ?? 0.9;
  const stateFile = `${options.outFile}.state.json`;
  const reportFile = `${options.outFile}.report.json`;
  const source = `llm:${provider.name}/${provider.model}`;

  const scan = await scanSynthesisOutput(options.outFile);
  const totalBatches = Math.ceil(options.count / textsPerBatch);
  const batches: BatchSpec[] = Array.from({ length: totalBatches }, (_, batchIndex) => {
    const genre = genres[batchIndex % genres.length] as string;
    return { key: `${genre}#${batchIndex}#${seed}`, genre, batchIndex, labelsPerBatch, textsPerBatch, seed };
  });
  const pending = batches.filter((batch) => !scan.completed.has(batch.key));
  const alreadyDone = totalBatches - pending.length;
  options.onProgress?.({
    type: 'start',
    totalBatches,
    pendingBatches: pending.length,
    alreadyDone,
    droppedPartialBytes: scan.droppedPartialBytes,
    droppedIncompleteRecords: scan.droppedIncompleteRecords,
  });

  const previous = await readPreviousTotals(stateFile);
  const run = emptyTotals();
  const skipped: { key: string; reason: string }[] = [];
  const writer = await openRecordWriter(options.outFile, { mode: 'append' });
  const controller = new AbortController();
  const signals = options.signal === undefined ? [controller.signal] : [controller.signal, options.signal];
  const signal = AbortSignal.any(signals);
  const jitter = createSeededRandom(seed ^ 0x5eed); // retry delays only: nothing written depends on it
  let pausedUntil = 0;
  let fatal: ConfigurationError | undefined;
  let writeChain: Promise<void> = Promise.resolve();

  const saveState = (): Promise<void> =>
    writeJsonAtomic(stateFile, { version: 1, provider: provider.name, model: provider.model, seed, totals: addTotals(previous, run) });

  const report = (): SynthesisReport => ({
    provider: provider.name,
    model: provider.model,
    baseUrl: provider.baseUrl,
    outFile: options.outFile,
    seed,
    batches: {
      total: totalBatches,
      alreadyDone,
      completedThisRun: run.completedBatches,
      skippedThisRun: run.skippedBatches,
      remaining: totalBatches - alreadyDone - run.completedBatches,
    },
    resume: { droppedPartialBytes: scan.droppedPartialBytes, droppedIncompleteRecords: scan.droppedIncompleteRecords },
    run,
    cumulative: addTotals(previous, run),
    skipped,
    durationMs: Math.round(performance.now() - started),
  });

  const emitBatch = (batch: BatchSpec, status: 'done' | 'skipped', records: number, reason?: string): void => {
    options.onProgress?.({
      type: 'batch',
      key: batch.key,
      status,
      records,
      ...(reason === undefined ? {} : { reason }),
      completedBatches: alreadyDone + run.completedBatches,
      skippedBatches: run.skippedBatches,
      totalBatches,
    });
  };

  const runBatch = async (batch: BatchSpec): Promise<void> => {
    const request = buildBatchRequest(batch, { temperature });
    let lastReason = '';
    for (let attempt = 1; attempt <= maxAttempts; attempt += 1) {
      while (Date.now() < pausedUntil && !signal.aborted) await abortableSleep(pausedUntil - Date.now(), signal);
      if (signal.aborted) return;
      let retryAfterMs: number | undefined;
      run.requests += 1;
      try {
        const result = await provider.complete(request, signal);
        run.promptTokens += result.promptTokens;
        run.completionTokens += result.completionTokens;
        const check = parseSynthesisReply(result.content, { maxTexts: textsPerBatch });
        if (check.ok && check.reply.records.length > 0 && !(options.requireCrossRole === true && check.reply.crossRoleViolations > 0)) {
          run.crossRoleViolations += check.reply.crossRoleViolations;
          const records: TrainingRecord[] = check.reply.records.map((record) => ({
            ...record,
            source,
            meta: { genre: batch.genre, batch: batch.key, batchRecords: check.reply.records.length, provider: provider.name, model: provider.model },
          }));
          writeChain = writeChain.then(async () => {
            await writer.write(records);
            run.records += records.length;
            run.completedBatches += 1;
            await saveState();
            emitBatch(batch, 'done', records.length);
          });
          await writeChain;
          return;
        }
        run.invalidReplies += 1;
        lastReason = check.ok
          ? check.reply.records.length === 0
            ? 'reply has no usable text'
            : `reply breaks the cross-role rule for ${check.reply.crossRoleViolations} labels`
          : `invalid reply: ${check.reason}`;
      } catch (error) {
        if (!(error instanceof ProviderCallFailure)) throw error;
        if (error.kind === 'aborted' || signal.aborted) return;
        run.failedRequests += 1;
        lastReason = error.message;
        if (error.kind === 'auth' || error.kind === 'not-found' || error.kind === 'bad-request') throw fatalError(error, provider);
        if (error.kind === 'connection' && attempt === maxAttempts) throw fatalError(error, provider);
        if (error.kind === 'timeout') run.timeouts += 1;
        if (error.kind === 'rate-limit') {
          run.rateLimited += 1;
          retryAfterMs = error.retryAfterMs === undefined ? undefined : Math.min(error.retryAfterMs, maxRetryAfterMs);
        }
      }
      if (attempt === maxAttempts) break;
      const backoff = Math.min(maxDelayMs, baseDelayMs * 2 ** (attempt - 1)) * (0.5 + 0.5 * jitter.next());
      const delayMs = Math.round(retryAfterMs ?? backoff);
      if (retryAfterMs !== undefined) pausedUntil = Math.max(pausedUntil, Date.now() + delayMs);
      run.retries += 1;
      options.onProgress?.({ type: 'retry', key: batch.key, attempt, reason: lastReason, delayMs });
      await abortableSleep(delayMs, signal);
    }
    if (signal.aborted) return;
    run.skippedBatches += 1;
    skipped.push({ key: batch.key, reason: lastReason });
    emitBatch(batch, 'skipped', 0, lastReason);
  };

  let next = 0;
  const worker = async (): Promise<void> => {
    while (!signal.aborted && fatal === undefined) {
      const batch = pending[next];
      next += 1;
      if (batch === undefined) return;
      try {
        await runBatch(batch);
      } catch (error) {
        fatal ??= ConfigurationError.isInstance(error) ? error : new ConfigurationError(`Synthesis failed: ${(error as Error).message}`, { cause: error });
        controller.abort();
      }
    }
  };
  const workers = Array.from({ length: Math.min(options.concurrency ?? 2, Math.max(1, pending.length)) }, () => worker());
  await Promise.all(workers);
  await writeChain.catch(() => undefined);
  await writer.commit();
  await saveState();
  const result = report();
  await writeJsonAtomic(reportFile, result);
  if (fatal !== undefined) throw fatal;
  return result;
}
