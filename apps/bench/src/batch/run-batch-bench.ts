/**
 * `pnpm bench batch`: rows/s of `gliznet batch` with 1, 2, ... worker processes against a plain
 * `gliznet classify --input` of the same rows, each a real process started from the repository's
 * TypeScript sources, on a private redis-server (or --redis). Two rates per run: classification
 * (the classify progress line's rate; for a batch, rows over the first chunk's start to the last
 * chunk's end) and end to end (wall clock from starting the processes to the output file written:
 * process start-up, model load, submit and collect included).
 */
import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { connectClient, deleteBatch, getBatchStatus } from '@gliznet/batch';
import { repositoryRoot } from '../paths.js';

export interface BatchBenchRun {
  /** `classify` or `batch`. */
  system: 'classify' | 'batch';
  workers: number;
  repetition: number;
  rows: number;
  wallSeconds: number;
  /** Rows/s over the whole run (start-up to output written). */
  endToEndRowsPerSecond: number;
  /** Rows/s while classifying (model loaded). */
  classificationRowsPerSecond: number;
  /** The output is byte for byte the classify run's (always true for classify itself). */
  identicalToClassify: boolean;
}

export interface BatchBenchOptions {
  input: string;
  rows: number;
  labels: string[];
  model: string;
  threads: number;
  chunkSize: number;
  workerCounts: number[];
  repetitions: number;
  redisUrl: string;
  work: string;
  log: (line: string) => void;
}

interface Finished {
  code: number | null;
  stdout: string;
  stderr: string;
}

function run(entry: string, args: readonly string[]): { finished: Promise<Finished>; kill(signal: NodeJS.Signals): void } {
  const child = spawn(process.execPath, ['--import', 'tsx', '--conditions=@gliznet/source', entry, ...args], { cwd: repositoryRoot, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (data: Buffer) => (stdout += data.toString()));
  child.stderr.on('data', (data: Buffer) => (stderr += data.toString()));
  const finished = new Promise<Finished>((resolveRun) => child.once('exit', (code) => resolveRun({ code, stdout, stderr })));
  return { finished, kill: (signal) => child.kill(signal) };
}

async function mustSucceed(what: string, finished: Promise<Finished>): Promise<Finished> {
  const result = await finished;
  if (result.code !== 0) throw new Error(`${what} exited with ${String(result.code)}:\n${result.stderr.slice(-4000)}`);
  return result;
}

const SDK_CLI = 'packages/sdk/src/cli/main.ts';
const BATCH_CLI = 'packages/batch/src/cli/main.ts';

/** The rate on the last progress line of `gliznet classify` (`... 35.9 texts/s ...`). */
export function progressRate(stderr: string): number {
  const matches = [...stderr.matchAll(/([\d.]+) texts\/s/g)];
  const last = matches.at(-1);
  if (last === undefined) throw new Error(`no rate in gliznet classify's progress output:\n${stderr.slice(-2000)}`);
  return Number(last[1]);
}

async function runClassify(options: BatchBenchOptions, output: string): Promise<{ wallSeconds: number; rate: number }> {
  const started = performance.now();
  const result = await mustSucceed(
    'gliznet classify',
    run(SDK_CLI, ['classify', '--input', options.input, '--output', output, '--overwrite', '--labels', JSON.stringify(options.labels), '--model', options.model, '--threads', String(options.threads)]).finished,
  );
  return { wallSeconds: (performance.now() - started) / 1000, rate: progressRate(result.stderr) };
}

async function runBatch(options: BatchBenchOptions, workers: number, output: string): Promise<{ wallSeconds: number; rate: number }> {
  const redis = await connectClient(options.redisUrl);
  const started = performance.now();
  const processes = Array.from({ length: workers }, (_, index) =>
    run(BATCH_CLI, ['worker', '--redis', options.redisUrl, '--model', options.model, '--threads', String(options.threads), '--quiet', '--name', `bench-w${index}`]),
  );
  try {
    const submitted = await mustSucceed(
      'gliznet batch submit',
      run(BATCH_CLI, ['submit', '--input', options.input, '--labels', JSON.stringify(options.labels), '--redis', options.redisUrl, '--chunk-size', String(options.chunkSize), '--no-progress']).finished,
    );
    const batchId = submitted.stdout.trim();
    let status = await getBatchStatus(redis, batchId);
    while (status.state === 'running' || status.state === 'submitting') {
      await new Promise((resolveDelay) => setTimeout(resolveDelay, 200));
      status = await getBatchStatus(redis, batchId);
    }
    if (status.state !== 'complete') throw new Error(`batch ${batchId} ended ${status.state}: ${JSON.stringify(status.failures.slice(0, 3))}`);
    await mustSucceed('gliznet batch collect', run(BATCH_CLI, ['collect', batchId, '--output', output, '--redis', options.redisUrl]).finished);
    const wallSeconds = (performance.now() - started) / 1000;
    await deleteBatch(redis, batchId);
    return { wallSeconds, rate: status.rowsPerSecond ?? 0 };
  } finally {
    for (const worker of processes) worker.kill('SIGTERM');
    await Promise.all(processes.map((worker) => worker.finished));
    redis.disconnect();
  }
}

/** Runs classify and each worker count in turn, `repetitions` times (interleaved, so drifting load hits all alike). */
export async function runBatchBench(options: BatchBenchOptions): Promise<BatchBenchRun[]> {
  const runs: BatchBenchRun[] = [];
  for (let repetition = 1; repetition <= options.repetitions; repetition += 1) {
    const classifyOutput = join(options.work, `classify-${repetition}.jsonl`);
    options.log(`repetition ${repetition}: gliznet classify --input (${options.rows} rows)`);
    const classify = await runClassify(options, classifyOutput);
    const reference = await readFile(classifyOutput, 'utf8');
    runs.push({ system: 'classify', workers: 1, repetition, rows: options.rows, wallSeconds: classify.wallSeconds, endToEndRowsPerSecond: options.rows / classify.wallSeconds, classificationRowsPerSecond: classify.rate, identicalToClassify: true });
    options.log(`  ${classify.rate.toFixed(1)} rows/s classifying, ${(options.rows / classify.wallSeconds).toFixed(1)} rows/s end to end`);
    for (const workers of options.workerCounts) {
      options.log(`repetition ${repetition}: gliznet batch, ${workers} worker${workers === 1 ? '' : 's'}`);
      const output = join(options.work, `batch-${workers}-${repetition}.jsonl`);
      const batch = await runBatch(options, workers, output);
      const identical = (await readFile(output, 'utf8')) === reference;
      runs.push({ system: 'batch', workers, repetition, rows: options.rows, wallSeconds: batch.wallSeconds, endToEndRowsPerSecond: options.rows / batch.wallSeconds, classificationRowsPerSecond: batch.rate, identicalToClassify: identical });
      options.log(`  ${batch.rate.toFixed(1)} rows/s classifying, ${(options.rows / batch.wallSeconds).toFixed(1)} rows/s end to end${identical ? '' : '  OUTPUT DIFFERS FROM CLASSIFY'}`);
    }
  }
  return runs;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] as number) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

export interface BatchBenchSummaryRow {
  name: string;
  workers: number;
  classificationRowsPerSecond: number;
  endToEndRowsPerSecond: number;
  /** Against classify: (classify rate / this rate) - 1 for the classification rate; negative = faster. */
  classificationOverhead: number;
  endToEndOverhead: number;
  identicalToClassify: boolean;
}

/** Medians per system and worker count. */
export function summarizeBatchBench(runs: readonly BatchBenchRun[]): BatchBenchSummaryRow[] {
  const groups = new Map<string, BatchBenchRun[]>();
  for (const entry of runs) {
    const key = entry.system === 'classify' ? 'classify' : `batch-${entry.workers}`;
    groups.set(key, [...(groups.get(key) ?? []), entry]);
  }
  const base = groups.get('classify') ?? [];
  const baseClassification = median(base.map((entry) => entry.classificationRowsPerSecond));
  const baseEndToEnd = median(base.map((entry) => entry.endToEndRowsPerSecond));
  return [...groups.entries()].map(([key, entries]) => {
    const classification = median(entries.map((entry) => entry.classificationRowsPerSecond));
    const endToEnd = median(entries.map((entry) => entry.endToEndRowsPerSecond));
    const first = entries[0] as BatchBenchRun;
    return {
      name: key === 'classify' ? 'gliznet classify --input' : `gliznet batch, ${first.workers} worker${first.workers === 1 ? '' : 's'}`,
      workers: first.workers,
      classificationRowsPerSecond: classification,
      endToEndRowsPerSecond: endToEnd,
      classificationOverhead: baseClassification / classification - 1,
      endToEndOverhead: baseEndToEnd / endToEnd - 1,
      identicalToClassify: entries.every((entry) => entry.identicalToClassify),
    };
  });
}

function percent(value: number): string {
  return `${value >= 0 ? '+' : ''}${(value * 100).toFixed(1)}%`;
}

export function batchBenchMarkdown(rows: readonly BatchBenchSummaryRow[]): string {
  const lines = [
    '| run | rows/s classifying | time vs classify | rows/s end to end | time vs classify | output = classify |',
    '|---|---:|---:|---:|---:|:---:|',
    ...rows.map((row) => `| ${row.name} | ${row.classificationRowsPerSecond.toFixed(1)} | ${row.name.startsWith('gliznet classify') ? '' : percent(row.classificationOverhead)} | ${row.endToEndRowsPerSecond.toFixed(1)} | ${row.name.startsWith('gliznet classify') ? '' : percent(row.endToEndOverhead)} | ${row.identicalToClassify ? 'yes' : 'NO'} |`),
  ];
  return lines.join('\n');
}
