/**
 * Reliability with real processes: `gliznet batch` workers started as separate processes on a
 * real redis-server (loopback, temporary directory, append-only file on), 20,000 generated rows,
 * a tiny random ONNX model. The collected output must be byte for byte what a one-machine
 * `gliznet classify --input` of the same file writes.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startLocalRedisServer, type LocalRedisServer } from './local-redis-server.js';
import { buildTinyModel, generateRows, writeInput } from './__fixtures__/test-inputs.js';
import { connectClient } from './connection.js';
import { batchKeys } from './keys.js';
import { getBatchStatus, type BatchStatus } from './status.js';
import type { ChunkDone } from './types.js';

const repositoryRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const LABELS = 'sports,business,politics,science';
const ROWS = 20_000;

interface RunningCli {
  child: ChildProcess;
  /** stderr, line by line, as it arrives. */
  lines: string[];
  stdout(): string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** The first stderr line matching `pattern` (among lines from index `after` on, default all). */
  waitForLine(pattern: RegExp, options?: { after?: number; timeoutMs?: number }): Promise<RegExpMatchArray>;
}

/** Runs a CLI entry point (TypeScript sources through tsx) from the repository root. */
function runEntry(entry: string, args: readonly string[]): RunningCli {
  const child = spawn(process.execPath, ['--import', 'tsx', '--conditions=@gliznet/source', entry, ...args], { cwd: repositoryRoot, stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: string[] = [];
  const waiters: { pattern: RegExp; resolveLine: (match: RegExpMatchArray) => void }[] = [];
  let buffered = '';
  child.stderr?.on('data', (data: Buffer) => {
    buffered += data.toString();
    const parts = buffered.split('\n');
    buffered = parts.pop() ?? '';
    for (const line of parts) {
      lines.push(line);
      for (const waiter of [...waiters]) {
        const match = line.match(waiter.pattern);
        if (match !== null) {
          waiters.splice(waiters.indexOf(waiter), 1);
          waiter.resolveLine(match);
        }
      }
    }
  });
  let stdout = '';
  child.stdout?.on('data', (data: Buffer) => (stdout += data.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolveExit) => child.once('exit', (code, signal) => resolveExit({ code, signal })));
  return {
    child,
    lines,
    stdout: () => stdout,
    exited,
    waitForLine: (pattern, options = {}) =>
      new Promise((resolveLine, rejectLine) => {
        const timeoutMs = options.timeoutMs ?? 120_000;
        const existing = lines.slice(options.after ?? 0).map((line) => line.match(pattern)).find((match) => match !== null);
        if (existing) return resolveLine(existing);
        const timer = setTimeout(() => rejectLine(new Error(`no line matching ${pattern} within ${timeoutMs} ms; stderr:\n${lines.join('\n')}`)), timeoutMs);
        waiters.push({ pattern, resolveLine: (match) => (clearTimeout(timer), resolveLine(match)) });
      }),
  };
}

const batchCli = (args: readonly string[]) => runEntry('packages/batch/src/cli/main.ts', args);

async function runToEnd(cli: RunningCli): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const { code } = await cli.exited;
  return { code, stdout: cli.stdout(), stderr: cli.lines.join('\n') };
}

let server: LocalRedisServer;
let model: string;
let work: string;
let input: string;
let reference: string;
const processes: RunningCli[] = [];

beforeAll(async () => {
  [server, model, work] = await Promise.all([startLocalRedisServer(), buildTinyModel(), mkdtemp(join(tmpdir(), 'gliznet-batch-reliability-'))]);
  input = await writeInput(work, 'texts.jsonl', generateRows(ROWS));
  const referencePath = join(work, 'classify.jsonl');
  const classify = await runToEnd(runEntry('packages/sdk/src/cli/main.ts', ['classify', '--input', input, '--output', referencePath, '--labels', LABELS, '--model', model, '--threads', '1', '--no-progress']));
  expect(classify.code, classify.stderr).toBe(0);
  reference = await readFile(referencePath, 'utf8');
  expect(reference.split('\n')).toHaveLength(ROWS + 1);
});

afterEach(async () => {
  for (const cli of processes.splice(0)) {
    if (cli.child.exitCode === null && cli.child.signalCode === null) {
      cli.child.kill('SIGKILL');
      await cli.exited;
    }
  }
});

afterAll(async () => {
  await server?.dispose();
  await rm(work, { recursive: true, force: true });
  await rm(model, { recursive: true, force: true });
});

function startWorkers(names: readonly string[]): RunningCli[] {
  const started = names.map((name) => batchCli(['worker', '--redis', server.url, '--model', model, '--threads', '1', '--lock-duration', '2000', '--name', name]));
  processes.push(...started);
  return started;
}

async function submit(chunkSize: number): Promise<string> {
  const result = await runToEnd(batchCli(['submit', '--input', input, '--labels', LABELS, '--redis', server.url, '--chunk-size', String(chunkSize), '--no-progress']));
  expect(result.code, result.stderr).toBe(0);
  return result.stdout.trim();
}

async function waitForState(redis: () => Redis, batchId: string, done: (status: BatchStatus) => boolean, timeoutMs = 150_000): Promise<BatchStatus> {
  const started = Date.now();
  for (;;) {
    const status = await getBatchStatus(redis(), batchId);
    if (done(status)) return status;
    if (status.state === 'failed' || status.state === 'incomplete') throw new Error(`batch ${batchId} is ${status.state}: ${JSON.stringify(status.failures)}`);
    if (Date.now() - started > timeoutMs) throw new Error(`batch ${batchId} still ${status.state} after ${timeoutMs} ms: ${JSON.stringify(status.chunks)}`);
    await new Promise((resolveDelay) => setTimeout(resolveDelay, 100));
  }
}

async function collect(batchId: string): Promise<string> {
  const output = join(work, `${batchId}.jsonl`);
  const result = await runToEnd(batchCli(['collect', batchId, '--output', output, '--redis', server.url]));
  expect(result.code, result.stderr).toBe(0);
  return readFile(output, 'utf8');
}

async function stopGracefully(clis: readonly RunningCli[]): Promise<void> {
  for (const cli of clis) cli.child.kill('SIGTERM');
  for (const cli of clis) expect((await cli.exited).code, cli.lines.join('\n')).toBe(0);
}

describe('reliability (worker processes, real redis-server)', () => {
  it('3 workers, one SIGKILLed mid-chunk: its chunk is recovered and every row comes out exactly once, in order, as gliznet classify --input writes it', async () => {
    const redis = await connectClient(server.url);
    try {
      const workers = startWorkers(['w0', 'w1', 'w2']);
      await Promise.all(workers.map((worker) => worker.waitForLine(/ready: model/)));
      const batchId = await submit(1000);
      const victim = workers[0] as RunningCli;
      // Let w0 finish one chunk, then kill it the moment it starts the next one.
      await victim.waitForLine(/chunk \S+ done/);
      const [, killedChunkText] = await victim.waitForLine(/chunk \S+-c(\d+) started/, { after: victim.lines.length });
      victim.child.kill('SIGKILL');
      expect((await victim.exited).signal).toBe('SIGKILL');
      const killedChunk = Number(killedChunkText);
      expect(victim.lines.some((line) => new RegExp(`-c${killedChunkText} done`).test(line))).toBe(false);

      const status = await waitForState(() => redis, batchId, (current) => current.state === 'complete');
      expect(status.rows).toEqual({ total: ROWS, done: ROWS });
      const record = JSON.parse((await redis.hget(batchKeys(batchId).done, String(killedChunk))) as string) as ChunkDone;
      expect(record.worker).not.toBe('w0'); // w0 died before finishing it: another worker classified it again
      const survivors = workers.slice(1);
      expect(survivors.some((worker) => worker.lines.some((line) => new RegExp(`-c${killedChunkText} started`).test(line)))).toBe(true);

      const output = await collect(batchId);
      expect(output).toBe(reference);
      await stopGracefully(survivors);
    } finally {
      redis.disconnect();
    }
  });

  it('Redis restarted during a run (append-only file on): the batch completes with nothing lost', async () => {
    let redis = await connectClient(server.url);
    try {
      const workers = startWorkers(['r0', 'r1']);
      await Promise.all(workers.map((worker) => worker.waitForLine(/ready: model/)));
      const batchId = await submit(500);
      const before = await waitForState(() => redis, batchId, (current) => current.chunks.done >= 4);
      redis.disconnect();
      await server.stop();
      await new Promise((resolveDelay) => setTimeout(resolveDelay, 1500));
      await server.start();
      redis = await connectClient(server.url);
      const atRestart = await getBatchStatus(redis, batchId);
      expect(atRestart.chunks.done).toBeGreaterThanOrEqual(before.chunks.done); // nothing done was lost
      expect(atRestart.state).not.toBe('complete'); // the restart happened mid-run

      const status = await waitForState(() => redis, batchId, (current) => current.state === 'complete');
      expect(status.chunks.done).toBe(40);
      expect(await collect(batchId)).toBe(reference);
      for (const worker of workers) expect(worker.child.exitCode).toBeNull(); // both survived the restart
      await stopGracefully(workers);
    } finally {
      redis.disconnect();
    }
  });
});
