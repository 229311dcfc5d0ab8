/**
 * Submit, workers, status, collect and retry against a real redis-server (started here on a free
 * loopback port) with a tiny random ONNX model, in one process.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ZeroShotClassifier, runCli } from '@gliznet/sdk';
import type { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startLocalRedisServer, type LocalRedisServer } from './local-redis-server.js';
import { buildTinyModel, generateRows, writeInput } from './__fixtures__/test-inputs.js';
import { runBatchCli } from './cli/run-batch-cli.js';
import { collectBatch } from './collect.js';
import { connectClient, connectWorker } from './connection.js';
import { BatchIncompleteError } from './errors.js';
import { retryChunks } from './manage.js';
import type { ChunkClassifier } from './process-chunk.js';
import { getBatchStatus, type BatchStatus } from './status.js';
import { submitBatch } from './submit.js';
import { startBatchWorker, type BatchWorker, type WorkerEvent } from './worker.js';

let server: LocalRedisServer;
let redis: Redis;
let model: string;
let classifier: ZeroShotClassifier;
let work: string;
const workers: BatchWorker[] = [];
const connections: Redis[] = [];

beforeAll(async () => {
  [server, model, work] = await Promise.all([startLocalRedisServer(), buildTinyModel(), mkdtemp(join(tmpdir(), 'gliznet-batch-test-'))]);
  redis = await connectClient(server.url);
  classifier = await ZeroShotClassifier.fromPretrained(model, { threads: 1 });
});

afterEach(async () => {
  await Promise.all(workers.splice(0).map((worker) => worker.close()));
  for (const connection of connections.splice(0)) connection.disconnect();
  await redis.flushall();
});

afterAll(async () => {
  redis?.disconnect();
  await classifier?.dispose();
  await server?.dispose();
  await rm(work, { recursive: true, force: true });
  await rm(model, { recursive: true, force: true });
});

function startWorker(chunkClassifier: ChunkClassifier, options: { name?: string; events?: WorkerEvent[] } = {}): BatchWorker {
  const connection = connectWorker(server.url, () => undefined);
  connections.push(connection);
  const worker = startBatchWorker({ redis: connection, loadClassifier: async () => chunkClassifier, model: 'tiny@test', name: options.name ?? 'w1', lockDurationMs: 5000, onEvent: (event) => options.events?.push(event) });
  workers.push(worker);
  return worker;
}

async function waitForSettled(batchId: string, timeoutMs = 60_000): Promise<BatchStatus> {
  const started = Date.now();
  for (;;) {
    const status = await getBatchStatus(redis, batchId);
    if (status.state !== 'running' && status.state !== 'submitting') return status;
    if (Date.now() - started > timeoutMs) throw new Error(`batch ${batchId} still ${status.state} after ${timeoutMs} ms: ${JSON.stringify(status.chunks)}`);
    await new Promise((resolveDelay) => setTimeout(resolveDelay, 100));
  }
}

function capture() {
  const out = { stdout: '', stderr: '' };
  return { out, io: { stdout: { write: (text: string) => (out.stdout += text) }, stderr: { write: (text: string) => (out.stderr += text) } } };
}

describe('a batch end to end (one process)', () => {
  it('collects exactly what gliznet classify --input writes, through the CLI commands', async () => {
    const input = await writeInput(work, 'rows.jsonl', generateRows(1500));
    const submit = capture();
    expect(await runBatchCli(['submit', '--input', input, '--labels', 'sports,business,politics', '--redis', server.url, '--chunk-size', '256', '--json'], submit.io)).toBe(0);
    const { batchId, rows, chunks } = JSON.parse(submit.out.stdout) as { batchId: string; rows: number; chunks: number };
    expect([rows, chunks]).toEqual([1500, 6]);

    const early = capture();
    expect(await runBatchCli(['collect', batchId, '--output', join(work, 'early.jsonl'), '--redis', server.url], early.io)).toBe(1);
    expect(early.out.stderr).toContain('BatchIncompleteError');
    expect(early.out.stderr).toContain('chunk 0 (lines 1-256)');

    startWorker(classifier);
    expect((await waitForSettled(batchId)).state).toBe('complete');
    const status = capture();
    expect(await runBatchCli(['status', batchId, '--redis', server.url, '--json'], status.io)).toBe(0);
    const parsed = JSON.parse(status.out.stdout) as BatchStatus;
    expect(parsed.chunks).toMatchObject({ total: 6, done: 6, failed: 0, waiting: 0 });
    expect(parsed.rows).toEqual({ total: 1500, done: 1500 });
    expect(parsed.models).toEqual(['tiny@test']);
    const human = capture();
    expect(await runBatchCli(['status', batchId, '--redis', server.url], human.io)).toBe(0);
    expect(human.out.stdout).toMatch(/chunks: {2}6\/6 done, 0 failed, 0 waiting/);

    const output = join(work, 'batch.jsonl');
    const collect = capture();
    expect(await runBatchCli(['collect', batchId, '--output', output, '--redis', server.url], collect.io)).toBe(0);
    const reference = join(work, 'classify.jsonl');
    const classify = capture();
    expect(await runCli(['classify', '--input', input, '--output', reference, '--labels', 'sports,business,politics', '--no-progress'], classify.io, { loadClassifier: () => ZeroShotClassifier.fromPretrained(model, { threads: 1 }) })).toBe(0);
    const [ours, theirs] = await Promise.all([readFile(output, 'utf8'), readFile(reference, 'utf8')]);
    expect(ours.split('\n')).toHaveLength(1501);
    expect(ours).toBe(theirs);
  });

  it('a malformed row fails the submit before anything is enqueued, naming its line', async () => {
    const good = generateRows(30).split('\n');
    good[20] = '{"text": "unfinished';
    const input = await writeInput(work, 'bad.jsonl', good.join('\n'));
    const submit = capture();
    expect(await runBatchCli(['submit', '--input', input, '--labels', 'a,b', '--redis', server.url, '--chunk-size', '5'], submit.io)).toBe(1);
    expect(submit.out.stderr).toContain(`${input}:21: not valid JSON`);
    expect(submit.out.stdout).toBe('');
    expect(await redis.dbsize()).toBe(0);

    const unlabeled = await writeInput(work, 'unlabeled.jsonl', '{"text": "a", "candidate_labels": ["x", "y"]}\n{"text": "b"}\n');
    await expect(submitBatch(redis, { input: unlabeled, chunkSize: 1 })).rejects.toThrow(`${unlabeled} line 2 has no "candidate_labels"`);
    const empty = await writeInput(work, 'empty-text.jsonl', '{"text": "a"}\n\n{"text": "   "}\n');
    await expect(submitBatch(redis, { input: empty, labels: ['x', 'y'] })).rejects.toThrow(`${empty}:3: the text is empty`);
    expect(await redis.dbsize()).toBe(0);
  });

  it('rejects options that belong to the workers or to collect', async () => {
    const submit = capture();
    expect(await runBatchCli(['submit', '--input', 'x.jsonl', '--labels', 'a,b', '--redis', server.url, '--model', 'models/x'], submit.io)).toBe(2);
    expect(submit.out.stderr).toContain('--model does not apply to batch submit: the model is chosen by each worker');
    const noRedis = capture();
    expect(await runBatchCli(['submit', '--input', 'x.jsonl', '--labels', 'a,b', '--redis', 'http://127.0.0.1:1'], noRedis.io)).toBe(2);
    expect(noRedis.out.stderr).toContain('--redis must start with redis://');
  });

  it('bad rows fail their chunk at once (no retry), every one named by line; the other chunks finish', async () => {
    const lines = generateRows(40).split('\n').filter((line) => line !== '');
    lines[12] = JSON.stringify({ text: 'fine text', candidate_labels: ['a;b', 'c'] }); // the model's label separator inside a label
    lines[17] = JSON.stringify({ text: 'also fine', candidate_labels: ['same', 'Same'] });
    const input = await writeInput(work, 'bad-rows.jsonl', `${lines.join('\n')}\n`);
    const meta = await submitBatch(redis, { input, labels: ['x', 'y'], chunkSize: 10, attempts: 3, backoffMs: 50 });
    const events: WorkerEvent[] = [];
    startWorker(classifier, { events });
    const status = await waitForSettled(meta.id);
    expect(status.state).toBe('failed');
    expect(status.chunks).toMatchObject({ done: 3, failed: 1 });
    const failure = status.failures[0];
    expect(failure?.index).toBe(1);
    expect(failure?.failure.attempts).toBe(1);
    expect(failure?.failure.badRows.map((row) => row.line)).toEqual([13, 18]);
    expect(failure?.failure.message).toContain(`${input}:13: the labels[0] "a;b" contains the model's label separator`);
    expect(events.filter((event) => event.type === 'chunk-retry')).toEqual([]);
    const error = await collectBatch(redis, meta.id, join(work, 'never.jsonl')).catch((caught: unknown) => caught);
    expect(BatchIncompleteError.isInstance(error)).toBe(true);
    expect((error as BatchIncompleteError).missingChunks).toEqual([1]);
    expect((error as Error).message).toContain('chunk 1 (lines 11-20): failed: 2 bad rows');
  });

  it('a model error is retried with backoff, then the chunk is marked failed; retry requeues it', async () => {
    const input = await writeInput(work, 'retry.jsonl', generateRows(20));
    const meta = await submitBatch(redis, { input, labels: ['x', 'y'], chunkSize: 10, attempts: 2, backoffMs: 100 });
    const eleventh = (JSON.parse(generateRows(20).split('\n')[10] as string) as { text: string }).text;
    const failing: ChunkClassifier = {
      classify: async (texts, labels, options) => {
        if (texts[0] === eleventh) throw new Error('onnxruntime: out of memory'); // chunk 1, every time
        return classifier.classify(texts, labels, options);
      },
    };
    const events: WorkerEvent[] = [];
    const worker = startWorker(failing, { events });
    const status = await waitForSettled(meta.id);
    expect(status.state).toBe('failed');
    expect(status.failures.map((failed) => [failed.index, failed.failure.attempts, failed.failure.message])).toEqual([[1, 2, 'onnxruntime: out of memory']]);
    expect(events.filter((event) => event.type === 'chunk-retry')).toHaveLength(1);
    await worker.close();

    startWorker(classifier, { name: 'w2' });
    expect(await retryChunks(redis, meta.id)).toEqual([1]);
    const retried = await waitForSettled(meta.id);
    expect(retried.state, JSON.stringify(retried)).toBe('complete');
    expect(retried.workers).toEqual(['w1', 'w2']);
    const result = await collectBatch(redis, meta.id, join(work, 'retried.jsonl'));
    expect(result.rows).toBe(20);
    const indices = (await readFile(join(work, 'retried.jsonl'), 'utf8')).trim().split('\n').map((line) => (JSON.parse(line) as { index: number }).index);
    expect(indices).toEqual(Array.from({ length: 20 }, (_, index) => index));
  });
});
