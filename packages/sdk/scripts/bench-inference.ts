/**
 * SDK inference speed benchmark (not a test): a random model with USE-Lite's real dimensions
 * (vocab 8002, 256 -> 512, 2 layers, 4 heads, FFN 1536, bundled use-lite tokenizer), exported to
 * fp32 and int8 ONNX, classifying ~40-token AG News texts against 10 labels. Random weights: the
 * timing is representative, accuracy is not measured.
 *
 * Measures, per precision, in a fresh child process (so peak RSS is the classifier's, not the
 * export's): texts/s at batch 32, p50/p95 latency of one text, the tokenization share of the time,
 * peak RSS, and onnxruntime's plain MatMul GFLOP/s (256x768 @ 768x768, same threads) sampled
 * between the throughput rounds, as the machine's roofline during the run.
 *
 * Run: pnpm exec tsx --conditions=@gliznet/source packages/sdk/scripts/bench-inference.ts
 *   [--threads 2] [--texts 256] [--latency-runs 100] [--work-dir DIR] [--json]
 */
import { fork } from 'node:child_process';
import { mkdir, readFile, stat } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { exportOnnx } from '@gliznet/onnx-export';
import { createTinyModelConfig, writeRandomModelDirectory } from '@gliznet/onnx-export/testing';
import { GliznetTokenizer, bundledTokenizerPath } from '@gliznet/tokenizer';
import * as ort from 'onnxruntime-node';
import { ZeroShotClassifier } from '../src/index.js';
import { buildMatMulModel } from './matmul-onnx.js';

const scriptPath = fileURLToPath(import.meta.url);
const repositoryRoot = resolve(dirname(scriptPath), '../../..');
const MFLOP_PER_TOKEN = 9.5; // use-lite.md: matmul cost per token at 64 tokens

interface MeasureRequest {
  modelDirectory: string;
  quantized: boolean;
  threads: number;
  texts: string[];
  labels: string[];
  latencyRuns: number;
}

interface MeasureResult {
  quantized: boolean;
  textsPerSecond: number;
  throughputSeconds: number;
  latencyP50Ms: number;
  latencyP95Ms: number;
  tokenizationShare: number;
  inferenceShare: number;
  peakRssMb: number;
  /** Median of the MatMul probes taken between throughput rounds. */
  rooflineGflops: number;
  /** Median MatMul GFLOP per CPU-second. */
  rooflineCpuGflops: number;
  rooflineSamples: number[];
  /** Texts per CPU-second of the process (all threads). */
  textsPerCpuSecond: number;
  passes: number;
  batches: number;
}

function percentile(values: readonly number[], fraction: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(fraction * sorted.length))] as number;
}

/** onnxruntime MatMul throughput probe: [256, 768] @ [768, 768] on the same thread count. */
interface RooflineSample {
  /** GFLOP per wall-clock second (median run). */
  gflops: number;
  /** GFLOP per CPU-second of this process (all runs): robust to other jobs taking the CPU. */
  cpuGflops: number;
}

function cpuSecondsSince(start: NodeJS.CpuUsage): number {
  const usage = process.cpuUsage(start);
  return (usage.user + usage.system) / 1e6;
}

async function createRoofline(threads: number): Promise<{ sample(runs: number): Promise<RooflineSample>; release(): Promise<void> }> {
  const rows = 256;
  const inner = 768;
  const columns = 768;
  const weights = new Float32Array(inner * columns).map((_, index) => ((index * 7919) % 1000) / 1000 - 0.5);
  const session = await ort.InferenceSession.create(buildMatMulModel({ rows, inner, columns, weights }), { intraOpNumThreads: threads, interOpNumThreads: 1, executionMode: 'sequential' });
  const input = new ort.Tensor('float32', new Float32Array(rows * inner).map((_, index) => ((index * 31) % 100) / 100), [rows, inner]);
  for (let run = 0; run < 3; run += 1) await session.run({ A: input });
  return {
    async sample(runs: number): Promise<RooflineSample> {
      const times: number[] = [];
      const cpuStart = process.cpuUsage();
      for (let run = 0; run < runs; run += 1) {
        const started = performance.now();
        await session.run({ A: input });
        times.push(performance.now() - started);
      }
      const flop = 2 * rows * inner * columns;
      return { gflops: flop / (percentile(times, 0.5) * 1e6), cpuGflops: (flop * runs) / (cpuSecondsSince(cpuStart) * 1e9) };
    },
    release: () => session.release(),
  };
}

/**
 * Throughput rounds alternate with MatMul probes, so the roofline is sampled during the same
 * minutes as the classifier (the CPU is shared with other jobs and its speed drifts).
 */
async function measure(request: MeasureRequest): Promise<MeasureResult> {
  const roofline = await createRoofline(request.threads);
  const rooflineSamples: RooflineSample[] = [await roofline.sample(10)];
  const classifier = await ZeroShotClassifier.fromPretrained(request.modelDirectory, { quantized: request.quantized, threads: request.threads });
  await classifier.classify(request.texts.slice(0, 64), request.labels, { batchSize: 32 }); // warm-up
  classifier.timings({ reset: true });
  const rounds = 4;
  const perRound = Math.ceil(request.texts.length / rounds);
  let throughputSeconds = 0;
  let throughputCpuSeconds = 0;
  for (let round = 0; round < rounds; round += 1) {
    const slice = request.texts.slice(round * perRound, (round + 1) * perRound);
    if (slice.length === 0) continue;
    const started = performance.now();
    const cpuStart = process.cpuUsage();
    await classifier.classify(slice, request.labels, { batchSize: 32 });
    throughputSeconds += (performance.now() - started) / 1000;
    throughputCpuSeconds += cpuSecondsSince(cpuStart);
    rooflineSamples.push(await roofline.sample(10));
  }
  const timings = classifier.timings({ reset: true });
  const latencies: number[] = [];
  for (let run = 0; run < request.latencyRuns; run += 1) {
    const text = request.texts[run % request.texts.length] as string;
    const before = performance.now();
    await classifier.classify(text, request.labels);
    latencies.push(performance.now() - before);
  }
  rooflineSamples.push(await roofline.sample(10));
  await classifier.dispose();
  await roofline.release();
  const stageTotal = timings.tokenizationMs + timings.inferenceMs + timings.postprocessingMs;
  return {
    quantized: request.quantized,
    textsPerSecond: request.texts.length / throughputSeconds,
    throughputSeconds,
    latencyP50Ms: percentile(latencies, 0.5),
    latencyP95Ms: percentile(latencies, 0.95),
    tokenizationShare: timings.tokenizationMs / stageTotal,
    inferenceShare: timings.inferenceMs / stageTotal,
    peakRssMb: (process.resourceUsage().maxRSS * 1024) / (1024 * 1024),
    textsPerCpuSecond: request.texts.length / throughputCpuSeconds,
    rooflineGflops: percentile(rooflineSamples.map((sample) => sample.gflops), 0.5),
    rooflineCpuGflops: percentile(rooflineSamples.map((sample) => sample.cpuGflops), 0.5),
    rooflineSamples: rooflineSamples.map((sample) => sample.gflops),
    passes: timings.passes,
    batches: timings.batches,
  };
}

export interface InterleavedRatio {
  rounds: number;
  fp32TextsPerSecond: number[];
  int8TextsPerSecond: number[];
  /** Median over rounds of (int8 texts/s) / (fp32 texts/s) measured back to back. */
  medianRatio: number;
}

/**
 * The int8 / fp32 ratio measured in ONE process: both classifiers loaded, rounds alternating
 * fp32, int8, fp32, int8..., each round classifying every text, so both see the same machine state.
 */
async function compareInterleaved(request: Omit<MeasureRequest, 'quantized'> & { rounds: number }): Promise<InterleavedRatio> {
  const fp32 = await ZeroShotClassifier.fromPretrained(request.modelDirectory, { quantized: false, threads: request.threads });
  const int8 = await ZeroShotClassifier.fromPretrained(request.modelDirectory, { quantized: true, threads: request.threads });
  for (const classifier of [fp32, int8]) await classifier.classify(request.texts.slice(0, 64), request.labels, { batchSize: 32 }); // warm-up
  const rate = async (classifier: ZeroShotClassifier): Promise<number> => {
    const started = performance.now();
    await classifier.classify(request.texts, request.labels, { batchSize: 32 });
    return request.texts.length / ((performance.now() - started) / 1000);
  };
  const fp32Rates: number[] = [];
  const int8Rates: number[] = [];
  const ratios: number[] = [];
  for (let round = 0; round < request.rounds; round += 1) {
    const first = await rate(fp32);
    const second = await rate(int8);
    fp32Rates.push(first);
    int8Rates.push(second);
    ratios.push(second / first);
  }
  await fp32.dispose();
  await int8.dispose();
  return { rounds: request.rounds, fp32TextsPerSecond: fp32Rates, int8TextsPerSecond: int8Rates, medianRatio: percentile(ratios, 0.5) };
}

/** Runs `measure` (or, with `--child-compare`, `compareInterleaved`) in a child process. */
function measureInChild(request: MeasureRequest): Promise<MeasureResult>;
function measureInChild(request: Omit<MeasureRequest, 'quantized'> & { rounds: number }, mode: 'compare'): Promise<InterleavedRatio>;
function measureInChild(request: object, mode?: 'compare'): Promise<unknown> {
  return new Promise((resolveResult, rejectResult) => {
    const child = fork(scriptPath, [mode === 'compare' ? '--child-compare' : '--child'], { stdio: ['pipe', 'inherit', 'inherit', 'ipc'], execArgv: process.execArgv });
    child.once('message', (message) => resolveResult(message));
    child.once('error', rejectResult);
    child.once('exit', (code) => {
      if (code !== 0) rejectResult(new Error(`measurement child exited with code ${code}`));
    });
    child.send(request);
  });
}

function sharedDirectory(): string {
  return process.env['GLIZNET_SHARED_DIR'] ?? join(repositoryRoot, '..', 'shared');
}

async function fileExists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { threads: { type: 'string', default: '2' }, texts: { type: 'string', default: '256' }, 'latency-runs': { type: 'string', default: '100' }, rounds: { type: 'string', default: '8' }, 'work-dir': { type: 'string' }, json: { type: 'boolean' } },
  });
  const threads = Number(values.threads);
  const textCount = Number(values.texts);
  const latencyRuns = Number(values['latency-runs']);
  // The directory name carries the head design, so a model built by an older version is not reused.
  const modelDirectory = resolve(values['work-dir'] ?? join(tmpdir(), 'gliznet-bench-use-lite-cosine-head'));

  // 1. Model with USE-Lite's dimensions.
  const exportStarted = performance.now();
  if (!(await fileExists(join(modelDirectory, 'onnx', 'model_quantized.onnx')))) {
    await mkdir(modelDirectory, { recursive: true });
    // The default head of a trained model: mean pooling, USE-Lite's sentence head, cosine scorer.
    const config = createTinyModelConfig({
      encoder: 'use-lite',
      vocabSize: 8002,
      embeddingSize: 256,
      hiddenSize: 512,
      numHiddenLayers: 2,
      numAttentionHeads: 4,
      intermediateSize: 1536,
      maxLength: 128,
      textPooling: 'mean',
      labelPooling: 'mean',
      sentenceHead: true,
      similarity: 'cosine',
    });
    await writeRandomModelDirectory(modelDirectory, { config, tokenizerJsonPath: bundledTokenizerPath('use-lite'), seed: 1 });
    await exportOnnx(modelDirectory, { quantize: true });
  }
  const exportSeconds = (performance.now() - exportStarted) / 1000;
  const loadBefore = loadavg()[0] as number;

  // 2. ~40-token texts and 10 labels.
  const datasets = join(sharedDirectory(), 'datasets');
  const agnewsLabels = (JSON.parse(await readFile(join(datasets, 'agnews.meta.json'), 'utf8')) as { labels: string[] }).labels;
  const situationLabels = (JSON.parse(await readFile(join(datasets, 'situation.meta.json'), 'utf8')) as { labels: string[] }).labels;
  const labels = [...agnewsLabels, ...situationLabels.slice(0, 10 - agnewsLabels.length)];
  const tokenizer = await GliznetTokenizer.fromDirectory(modelDirectory);
  const candidates = (await readFile(join(datasets, 'agnews.jsonl'), 'utf8')).trim().split('\n').map((line) => (JSON.parse(line) as { text: string }).text);
  const texts: string[] = [];
  const textTokens: number[] = [];
  const jointTokens: number[] = [];
  for (const text of candidates) {
    const count = await tokenizer.countTokens(text);
    if (count >= 35 && count <= 45) {
      texts.push(text);
      textTokens.push(count);
      jointTokens.push((await tokenizer.encode(text, labels)).inputIds.length);
      if (texts.length === textCount) break;
    }
  }
  const mean = (values: readonly number[]) => values.reduce((a, b) => a + b, 0) / values.length;

  // 3. Measurements, one child process per precision.
  const results: MeasureResult[] = [];
  for (const quantized of [false, true]) {
    results.push(await measureInChild({ modelDirectory, quantized, threads, texts, labels, latencyRuns }));
  }
  const fp32 = results[0] as MeasureResult;
  const int8 = results[1] as MeasureResult;
  const interleaved = await measureInChild({ modelDirectory, threads, texts, labels, latencyRuns, rounds: Number(values.rounds) }, 'compare');
  const meanJoint = mean(jointTokens);
  const gflopPerText = (meanJoint * MFLOP_PER_TOKEN) / 1000;
  const summary = {
    machine: { cpus: cpus().length, cpuModel: cpus()[0]?.model, node: process.version, onnxruntime: ort.env.versions.node ?? 'unknown', threads, loadAverage1m: { before: loadBefore, after: loadavg()[0] as number } },
    model: { directory: modelDirectory, exportSeconds },
    workload: { texts: texts.length, labels, meanTextTokens: mean(textTokens), meanJointTokens: meanJoint, gflopPerText },
    results: results.map((result) => ({ ...result, effectiveGflops: result.textsPerSecond * gflopPerText, rooflineFraction: (result.textsPerSecond * gflopPerText) / result.rooflineGflops, cpuRooflineFraction: (result.textsPerCpuSecond * gflopPerText) / result.rooflineCpuGflops })),
    int8OverFp32: int8.textsPerSecond / fp32.textsPerSecond,
    interleaved,
  };
  if (values.json === true) {
    console.log(JSON.stringify(summary, null, 2));
    return;
  }
  console.log(`machine: ${summary.machine.cpus} x ${summary.machine.cpuModel}, Node ${summary.machine.node}, onnxruntime-node ${summary.machine.onnxruntime}, ${threads} threads, load average (1 min) ${summary.machine.loadAverage1m.before.toFixed(1)} before, ${summary.machine.loadAverage1m.after.toFixed(1)} after`);
  console.log(`workload: ${texts.length} AG News texts of 35-45 tokens (mean ${summary.workload.meanTextTokens.toFixed(1)}), ${labels.length} labels, mean joint sequence ${meanJoint.toFixed(1)} tokens = ~${gflopPerText.toFixed(2)} GFLOP per text`);
  console.log('| precision | texts/s (batch 32) | p50 / p95 one text | tokenization share | peak RSS | achieved GFLOP/s | MatMul roofline GFLOP/s (median; range) | share of roofline (wall) | share of roofline (per CPU-second) |');
  console.log('|---|---|---|---|---|---|---|---|---|');
  for (const result of summary.results) {
    console.log(
      `| ${result.quantized ? 'int8' : 'fp32'} | ${result.textsPerSecond.toFixed(1)} | ${result.latencyP50Ms.toFixed(1)} / ${result.latencyP95Ms.toFixed(1)} ms | ${(result.tokenizationShare * 100).toFixed(1)}% | ${result.peakRssMb.toFixed(0)} MB | ${result.effectiveGflops.toFixed(1)} | ${result.rooflineGflops.toFixed(1)} (${Math.min(...result.rooflineSamples).toFixed(1)}-${Math.max(...result.rooflineSamples).toFixed(1)}) | ${(result.rooflineFraction * 100).toFixed(0)}% | ${(result.cpuRooflineFraction * 100).toFixed(0)}% |`,
    );
  }
  console.log(`int8 / fp32 throughput (separate processes above): ${summary.int8OverFp32.toFixed(2)}x`);
  const format = (rates: number[]) => rates.map((value) => value.toFixed(0)).join(', ');
  console.log(`int8 / fp32 throughput, interleaved in one process (${interleaved.rounds} rounds of ${texts.length} texts each): median ${interleaved.medianRatio.toFixed(2)}x; fp32 texts/s ${format(interleaved.fp32TextsPerSecond)}; int8 texts/s ${format(interleaved.int8TextsPerSecond)}`);
}

if (process.argv.includes('--child-compare')) {
  process.once('message', (request) => {
    compareInterleaved(request as Omit<MeasureRequest, 'quantized'> & { rounds: number }).then(
      (result) => process.send?.(result, () => process.exit(0)),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  });
} else if (process.argv.includes('--child')) {
  process.once('message', (request) => {
    measure(request as MeasureRequest).then(
      (result) => process.send?.(result, () => process.exit(0)),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  });
} else {
  await main();
}
