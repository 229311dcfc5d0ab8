/** The model in a worker thread: the same results as in-process, errors keep their class and fields, the event loop stays free. */
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Worker } from 'node:worker_threads';
import { InferenceError, InputTooLongError, InvalidArgumentError, ModelLoadError } from '@gliznet/common';
import { ZeroShotClassifier } from '@gliznet/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTinyModel } from './__fixtures__/tiny-model.js';
import { createGliznetServer } from './create-server.js';
import { WorkerClassifier, withoutConditions } from './worker-classifier.js';

const labels = ['sports', 'politics', 'science', 'music', 'food'];
const texts = ['the team won the game', 'this is a very good movie about music', 'the senate voted on the law'];

describe('WorkerClassifier', () => {
  let directory: string;
  let local: ZeroShotClassifier;
  let worker: WorkerClassifier;
  beforeAll(async () => {
    directory = await buildTinyModel(4);
    local = await ZeroShotClassifier.fromPretrained(directory, { threads: 1 });
    worker = await WorkerClassifier.start(directory, { threads: 1 });
  });
  afterAll(async () => {
    await worker.dispose();
    await local.dispose();
    await rm(directory, { recursive: true, force: true });
  });

  it('classifies in the worker exactly as in-process', async () => {
    const requests = [{ texts, labels }, { texts: [texts[0]!], labels: ['food', 'music'], options: { multiLabel: true, threshold: 0 } }];
    const [remote, here] = await Promise.all([worker.classifyMany(requests, { batchSize: 8 }), local.classifyMany(requests, { batchSize: 8 })]);
    expect(remote.results).toEqual(here.results);
    expect(remote.timings.passes).toBe(4);
    expect(worker.modelDirectory).toBe(local.modelDirectory);
    expect(worker.config.gliznet.separator).toBe(local.config.gliznet.separator);
  });

  it('checks input in the calling thread and brings errors back with their class and fields', async () => {
    expect(() => worker.checkClassifyInput(['x'], ['a', 'A'])).toThrow(/labels\[1\]/);
    const tooLong = Array.from({ length: 60 }, (_, index) => `word${index}`).join(' ');
    const error = await worker.classifyMany([{ texts: ['x'], labels: ['a', tooLong] }]).catch((caught: unknown) => caught);
    expect(InputTooLongError.isInstance(error)).toBe(true);
    expect(InvalidArgumentError.isInstance(error)).toBe(true);
    expect((error as InputTooLongError).argument).toMatch(/labels/);
    const missing = await WorkerClassifier.start(join(directory, 'missing')).catch((caught: unknown) => caught);
    expect(ModelLoadError.isInstance(missing)).toBe(true);
  });

  it('leaves the event loop free while the model runs', async () => {
    let longest = 0;
    let last = performance.now();
    const timer = setInterval(() => {
      const now = performance.now();
      longest = Math.max(longest, now - last);
      last = now;
    }, 2);
    const many = Array.from({ length: 200 }, (_, index) => `${texts[index % 3]!} ${index}`);
    const started = performance.now();
    await worker.classifyMany([{ texts: many, labels }], { batchSize: 200 });
    const elapsed = performance.now() - started;
    clearInterval(timer);
    // The timer kept firing through the whole call: no stall as long as the call.
    expect(longest).toBeLessThan(Math.max(50, elapsed / 2));
  });

  it('refuses work after dispose', async () => {
    const short = await WorkerClassifier.start(directory, { threads: 1 });
    await short.dispose();
    await expect(short.classifyMany([{ texts: ['x'], labels }])).rejects.toThrow(/disposed/);
  });
});

describe('WorkerClassifier when its model thread stops', () => {
  let directory: string;
  beforeAll(async () => {
    directory = await buildTinyModel(4);
  });
  afterAll(async () => {
    await rm(directory, { recursive: true, force: true });
  });

  it('fails the requests the thread held, loads the model in a new thread and answers the next ones', async () => {
    const threads: Worker[] = [];
    const supervised = await WorkerClassifier.start(directory, { threads: 1 }, { onThread: (thread) => threads.push(thread) });
    try {
      const before = await supervised.classifyMany([{ texts, labels }]);
      const held = supervised.classifyMany([{ texts: Array.from({ length: 64 }, (_, index) => `${texts[index % 3]!} ${index}`), labels }], { batchSize: 64 });
      await threads[0]!.terminate(); // as a crash in onnxruntime would end it
      const error = await held.catch((caught: unknown) => caught);
      expect(InferenceError.isInstance(error)).toBe(true);
      expect((error as Error).message).toMatch(/model thread stopped \(exit code 1\) while classifying this request; a new one is loading the model: retry the request/);
      // The next request waits for the new thread instead of failing.
      const after = await supervised.classifyMany([{ texts, labels }]);
      expect(after.results).toEqual(before.results);
      expect(threads).toHaveLength(2);
      expect(supervised.restarts).toBe(1);
      const server = createGliznetServer(supervised, { log: () => undefined });
      const metrics = await server.app.inject({ method: 'GET', url: '/metrics' });
      expect(metrics.body).toMatch(/^gliznet_model_thread_restarts_total 1$/m);
      await server.app.close();
    } finally {
      await supervised.dispose();
    }
  });

  it('gives up after maxRestarts stops within the window, saying to restart the server', async () => {
    const threads: Worker[] = [];
    const supervised = await WorkerClassifier.start(directory, { threads: 1 }, { maxRestarts: 1, onThread: (thread) => threads.push(thread) });
    try {
      await threads[0]!.terminate();
      await supervised.classifyMany([{ texts, labels }]); // answered by the restarted thread
      await threads[1]!.terminate();
      await expect(supervised.classifyMany([{ texts, labels }])).rejects.toThrow(/stopped \(exit code 1\), 2 times within 60 s; restart the server/);
      expect(threads).toHaveLength(2);
    } finally {
      await supervised.dispose();
    }
    await expect(WorkerClassifier.start(directory, {}, { maxRestarts: -1 })).rejects.toThrow('maxRestarts must be an integer >= 0, got -1');
  });
});

describe('withoutConditions', () => {
  it('drops both spellings of --conditions with their values and keeps everything else', () => {
    const execArgv = ['--require', 'a.cjs', '--conditions', 'node', '--conditions=@gliznet/source', '-C', 'development', '--import', 'tsx'];
    expect(withoutConditions(execArgv)).toEqual(['--require', 'a.cjs', '--import', 'tsx']);
  });
});
