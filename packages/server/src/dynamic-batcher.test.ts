/** The batcher on a fake classifier that records its calls: when batches start, what they hold, overload, abort, isolation. */
import { AbortedError, InferenceError, InvalidArgumentError } from '@gliznet/common';
import type { ClassifyManyOptions, ClassifyManyResult, ClassifyRequest } from '@gliznet/sdk';
import { describe, expect, it } from 'vitest';
import { DynamicBatcher, type BatchClassifier, type BatchReport } from './dynamic-batcher.js';
import { ServerOverloadedError } from './errors.js';

const timings = { tokenizationMs: 0, inferenceMs: 1, postprocessingMs: 0, batches: 1, passes: 1 };

/** Echoes each text as its only label; `gate` (when set) holds every call until released. */
function fakeClassifier(options: { fail?: (requests: readonly ClassifyRequest[]) => unknown } = {}) {
  const calls: { requests: readonly ClassifyRequest[]; options: ClassifyManyOptions | undefined }[] = [];
  let release: (() => void) | undefined;
  let gate: Promise<void> | undefined;
  const classifier: BatchClassifier = {
    async classifyMany(requests, callOptions) {
      calls.push({ requests, options: callOptions });
      if (gate !== undefined) await gate;
      const failure = options.fail?.(requests);
      if (failure !== undefined) throw failure;
      const results = requests.map((request) => request.texts.map((text) => ({ text, labels: [text], scores: [1], truncated: false })));
      return { results, timings } satisfies ClassifyManyResult;
    },
  };
  return {
    classifier,
    calls,
    hold() {
      gate = new Promise((resolve) => (release = resolve));
    },
    release() {
      gate = undefined;
      release?.();
    },
  };
}

const request = (...texts: string[]): ClassifyRequest => ({ texts, labels: ['x'] });
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('DynamicBatcher', () => {
  it('joins requests arriving within maxWaitMs into one call, up to maxBatch texts', async () => {
    const fake = fakeClassifier();
    const reports: BatchReport[] = [];
    const batcher = new DynamicBatcher(fake.classifier, { maxBatch: 4, maxWaitMs: 30, maxQueue: 100, onBatch: (report) => reports.push(report) });
    const answers = await Promise.all([batcher.submit(request('a')), batcher.submit(request('b', 'c')), batcher.submit(request('d')), batcher.submit(request('e'))]);
    expect(answers.map((texts) => texts.map((result) => result.text))).toEqual([['a'], ['b', 'c'], ['d'], ['e']]);
    // 4 texts fill the first batch at once; 'e' waits for the next.
    expect(fake.calls.map((call) => call.requests.length)).toEqual([3, 1]);
    expect(fake.calls[0]!.options).toEqual({ batchSize: 4 });
    expect(reports.map((report) => report.texts)).toEqual([4, 1]);
  });

  it('starts a lone request after maxWaitMs, not before', async () => {
    const fake = fakeClassifier();
    const batcher = new DynamicBatcher(fake.classifier, { maxBatch: 32, maxWaitMs: 60, maxQueue: 100 });
    const started = performance.now();
    await batcher.submit(request('a'));
    expect(performance.now() - started).toBeGreaterThanOrEqual(55);
    expect(fake.calls).toHaveLength(1);
  });

  it('queues while a batch runs and sheds load beyond maxQueue texts', async () => {
    const fake = fakeClassifier();
    fake.hold();
    const batcher = new DynamicBatcher(fake.classifier, { maxBatch: 2, maxWaitMs: 0, maxQueue: 3 });
    const first = batcher.submit(request('a'));
    await sleep(5); // 'a' is running (held)
    const queued = [batcher.submit(request('b')), batcher.submit(request('c', 'd'))];
    expect(batcher.queuedTexts).toBe(3);
    const refused = await batcher.submit(request('e')).catch((error: unknown) => error);
    expect(ServerOverloadedError.isInstance(refused)).toBe(true);
    expect((refused as ServerOverloadedError).retryAfterSeconds).toBeGreaterThan(0);
    fake.release();
    await Promise.all([first, ...queued]);
    expect(fake.calls.map((call) => call.requests.map((item) => item.texts.join('')))).toEqual([['a'], ['b'], ['cd']]);
    await batcher.whenIdle();
  });

  it('removes an aborted request while it waits; one already running finishes', async () => {
    const fake = fakeClassifier();
    fake.hold();
    const batcher = new DynamicBatcher(fake.classifier, { maxBatch: 1, maxWaitMs: 0, maxQueue: 10 });
    const running = new AbortController();
    const first = batcher.submit(request('a'), { signal: running.signal });
    await sleep(5);
    const waiting = new AbortController();
    const second = batcher.submit(request('b'), { signal: waiting.signal });
    waiting.abort();
    running.abort();
    const error = await second.catch((caught: unknown) => caught);
    expect(AbortedError.isInstance(error)).toBe(true);
    expect(batcher.queuedTexts).toBe(0);
    fake.release();
    expect((await first)[0]!.text).toBe('a');
    expect(fake.calls).toHaveLength(1);
    const timedOut = await batcher.submit(request('c'), { signal: AbortSignal.abort(new DOMException('late', 'TimeoutError')) }).catch((caught: unknown) => caught);
    expect((timedOut as AbortedError).timedOut).toBe(true);
  });

  it('batches only requests of the same hypothesis template together, in order', async () => {
    const fake = fakeClassifier();
    const batcher = new DynamicBatcher(fake.classifier, { maxBatch: 10, maxWaitMs: 20, maxQueue: 100 });
    await Promise.all([
      batcher.submit(request('a')),
      batcher.submit(request('b'), { hypothesisTemplate: 'about {label}' }),
      batcher.submit(request('c')),
      batcher.submit(request('d'), { hypothesisTemplate: 'about {label}' }),
    ]);
    expect(fake.calls.map((call) => [call.options?.hypothesisTemplate, call.requests.map((item) => item.texts[0])])).toEqual([
      [undefined, ['a', 'c']],
      ['about {label}', ['b', 'd']],
    ]);
  });

  it('isolates a request whose input fails the joint call: only it fails', async () => {
    const fake = fakeClassifier({ fail: (requests) => (requests.some((item) => item.texts[0] === 'bad') ? new InvalidArgumentError('labels[0]', 'label too long for the window') : undefined) });
    const reports: BatchReport[] = [];
    const batcher = new DynamicBatcher(fake.classifier, { maxBatch: 10, maxWaitMs: 20, maxQueue: 100, onBatch: (report) => reports.push(report) });
    const outcomes = await Promise.allSettled([batcher.submit(request('a')), batcher.submit(request('bad')), batcher.submit(request('c'))]);
    expect(outcomes.map((outcome) => outcome.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(InvalidArgumentError.isInstance((outcomes[1] as PromiseRejectedResult).reason)).toBe(true);
    expect(fake.calls.map((call) => call.requests.length)).toEqual([3, 1, 1, 1]);
    expect(reports).toHaveLength(1);
    expect(reports[0]!.isolated).toBe(true);
  });

  it('fails every request of a batch on a run-time failure, and keeps serving afterwards', async () => {
    let broken = true;
    const fake = fakeClassifier({ fail: () => (broken ? new InferenceError('onnxruntime failed') : undefined) });
    const batcher = new DynamicBatcher(fake.classifier, { maxBatch: 10, maxWaitMs: 5, maxQueue: 100 });
    const outcomes = await Promise.allSettled([batcher.submit(request('a')), batcher.submit(request('b'))]);
    expect(outcomes.every((outcome) => outcome.status === 'rejected' && InferenceError.isInstance(outcome.reason))).toBe(true);
    expect(fake.calls).toHaveLength(1);
    broken = false;
    expect((await batcher.submit(request('c')))[0]!.text).toBe('c');
  });
});
