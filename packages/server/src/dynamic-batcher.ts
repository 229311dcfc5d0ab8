/**
 * Dynamic batching (as in Triton or text-embeddings-inference): requests that arrive together are
 * joined into one `classifyMany` call, so their texts share onnxruntime runs. A batch starts when
 * `maxBatch` texts are waiting or the oldest request has waited `maxWaitMs`; one batch runs at a time
 * (onnxruntime already uses every thread it was given), and the next starts as soon as it ends.
 * Beyond `maxQueue` waiting texts, requests are refused (ServerOverloadedError) rather than queued
 * without bound. A request that fails on its own (bad input only the tokenizer finds) is isolated:
 * its batch is re-run request by request, so it never fails the others.
 */
import { AbortedError, InvalidArgumentError } from '@gliznet/common';
import type { ClassificationResult, ClassifierTimings, ClassifyManyOptions, ClassifyManyResult, ClassifyRequest } from '@gliznet/sdk';
import { ServerOverloadedError } from './errors.js';

/** What the batcher needs of a classifier (ZeroShotClassifier has it). */
export interface BatchClassifier {
  classifyMany(requests: readonly ClassifyRequest[], options?: ClassifyManyOptions): Promise<ClassifyManyResult>;
}

/** One batch as it ran, for metrics. */
export interface BatchReport {
  requests: number;
  texts: number;
  /** Milliseconds the oldest request of the batch waited in the queue. */
  waitedMs: number;
  timings: ClassifierTimings;
  /** True when a failing request made the batch run again request by request. */
  isolated: boolean;
}

export interface DynamicBatcherOptions {
  maxBatch: number;
  maxWaitMs: number;
  maxQueue: number;
  /** Called after every batch. */
  onBatch?: (report: BatchReport) => void;
}

export interface SubmitOptions {
  /** Per-call hypothesis template (requests are batched only with requests of the same template). */
  hypothesisTemplate?: string;
  /** Aborting it removes a request still waiting (AbortedError); a request already running finishes. */
  signal?: AbortSignal;
}

/** Event-loop turns given to pending I/O before each batch (see runBatch). */
const IO_TURNS_BEFORE_A_BATCH = 20; // each costs microseconds when nothing is pending

interface Job {
  request: ClassifyRequest;
  texts: number;
  template: string | undefined;
  enqueuedAt: number;
  resolve: (results: ClassificationResult[]) => void;
  reject: (error: unknown) => void;
  detach: () => void;
}

export class DynamicBatcher {
  private readonly queue: Job[] = [];
  private waitingTexts = 0;
  private running = false;
  private timer: NodeJS.Timeout | undefined;
  private idleWaiters: (() => void)[] = [];

  constructor(
    private readonly classifier: BatchClassifier,
    private readonly options: DynamicBatcherOptions,
  ) {}

  /** Texts waiting for a batch. */
  get queuedTexts(): number {
    return this.waitingTexts;
  }

  /** Requests waiting for a batch. */
  get queuedRequests(): number {
    return this.queue.length;
  }

  /** Queues a request; resolves with its results when its batch has run. */
  submit(request: ClassifyRequest, options: SubmitOptions = {}): Promise<ClassificationResult[]> {
    const texts = request.texts.length;
    if (this.waitingTexts + texts > this.options.maxQueue) {
      return Promise.reject(
        new ServerOverloadedError(`the server is at capacity: ${this.waitingTexts} texts are waiting (--max-queue ${this.options.maxQueue}); retry after the Retry-After seconds, or run more servers`, {
          retryAfterSeconds: 1,
        }),
      );
    }
    if (options.signal?.aborted === true) return Promise.reject(abortedWhileQueued(options.signal));
    return new Promise<ClassificationResult[]>((resolve, reject) => {
      const job: Job = { request, texts, template: options.hypothesisTemplate, enqueuedAt: performance.now(), resolve, reject, detach: () => undefined };
      const signal = options.signal;
      if (signal !== undefined) {
        const onAbort = (): void => {
          const index = this.queue.indexOf(job);
          if (index < 0) return; // already running: it finishes
          this.queue.splice(index, 1);
          this.waitingTexts -= job.texts;
          reject(abortedWhileQueued(signal));
          this.notifyIfIdle();
        };
        signal.addEventListener('abort', onAbort, { once: true });
        job.detach = () => signal.removeEventListener('abort', onAbort);
      }
      this.queue.push(job);
      this.waitingTexts += texts;
      this.schedule();
    });
  }

  /** Resolves once nothing is waiting or running (for graceful shutdown). */
  whenIdle(): Promise<void> {
    if (!this.running && this.queue.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private schedule(): void {
    if (this.running || this.queue.length === 0) return;
    const oldest = this.queue[0] as Job;
    const waited = performance.now() - oldest.enqueuedAt;
    if (this.waitingTexts >= this.options.maxBatch || waited >= this.options.maxWaitMs) {
      if (this.timer !== undefined) clearTimeout(this.timer);
      this.timer = undefined;
      void this.runBatch();
      return;
    }
    if (this.timer === undefined) {
      this.timer = setTimeout(() => {
        this.timer = undefined;
        this.schedule();
      }, Math.max(0, this.options.maxWaitMs - waited));
    }
  }

  /** Takes waiting requests in order, of the oldest one's template, up to maxBatch texts (at least one request). */
  private takeBatch(): Job[] {
    const template = (this.queue[0] as Job).template;
    const taken: Job[] = [];
    let texts = 0;
    for (let index = 0; index < this.queue.length; ) {
      const job = this.queue[index] as Job;
      if (job.template !== template) {
        index += 1;
        continue;
      }
      if (taken.length > 0 && texts + job.texts > this.options.maxBatch) break;
      taken.push(job);
      texts += job.texts;
      this.queue.splice(index, 1);
    }
    for (const job of taken) {
      this.waitingTexts -= job.texts;
      job.detach();
    }
    return taken;
  }

  private async runBatch(): Promise<void> {
    this.running = true;
    // Before taking the next batch, give the event loop a few turns to read and queue the requests
    // that arrived meanwhile, so they join this batch (or are refused with 503 when the queue is
    // full). This matters for a classifier in this thread (onnxruntime-node runs a session
    // synchronously, so no socket is read while it runs); WorkerClassifier never blocks it.
    for (let turn = 0; turn < IO_TURNS_BEFORE_A_BATCH; turn += 1) await new Promise((resolve) => setImmediate(resolve));
    const jobs = this.takeBatch();
    const template = (jobs[0] as Job).template;
    const waitedMs = performance.now() - Math.min(...jobs.map((job) => job.enqueuedAt));
    const options: ClassifyManyOptions = { batchSize: this.options.maxBatch, ...(template === undefined ? {} : { hypothesisTemplate: template }) };
    let isolated = false;
    let timings: ClassifierTimings | undefined;
    try {
      const outcome = await this.classifier.classifyMany(
        jobs.map((job) => job.request),
        options,
      );
      timings = outcome.timings;
      jobs.forEach((job, index) => job.resolve(outcome.results[index] as ClassificationResult[]));
    } catch (error) {
      if (jobs.length > 1 && InvalidArgumentError.isInstance(error)) {
        // One request's input failed the whole call: run each alone, so only that one fails.
        isolated = true;
        timings = undefined;
        for (const job of jobs) {
          try {
            const alone = await this.classifier.classifyMany([job.request], options);
            timings = addTimings(timings, alone.timings);
            job.resolve(alone.results[0] as ClassificationResult[]);
          } catch (jobError) {
            job.reject(jobError);
          }
        }
      } else {
        for (const job of jobs) job.reject(error);
      }
    } finally {
      this.running = false;
      if (timings !== undefined) {
        this.options.onBatch?.({ requests: jobs.length, texts: jobs.reduce((sum, job) => sum + job.texts, 0), waitedMs, timings, isolated });
      }
      this.schedule();
      this.notifyIfIdle();
    }
  }

  private notifyIfIdle(): void {
    if (this.running || this.queue.length > 0) return;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const resolve of waiters) resolve();
  }
}

function addTimings(total: ClassifierTimings | undefined, next: ClassifierTimings): ClassifierTimings {
  if (total === undefined) return { ...next };
  return {
    tokenizationMs: total.tokenizationMs + next.tokenizationMs,
    inferenceMs: total.inferenceMs + next.inferenceMs,
    postprocessingMs: total.postprocessingMs + next.postprocessingMs,
    batches: total.batches + next.batches,
    passes: total.passes + next.passes,
  };
}

function abortedWhileQueued(signal: AbortSignal): AbortedError {
  const reason: unknown = signal.reason;
  const timedOut = typeof reason === 'object' && reason !== null && (reason as { name?: unknown }).name === 'TimeoutError';
  return new AbortedError(timedOut ? 'the request waited longer than the server allows for its batch (--request-timeout-ms); retry later or send fewer texts at once' : 'the request was cancelled before its batch ran', { timedOut, reason });
}
