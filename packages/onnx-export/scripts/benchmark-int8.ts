/**
 * Developer benchmark: fp32 vs int8 ONNX latency with onnxruntime-node on a USE-Lite-sized GliZNet
 * model (random weights, real dimensions), and which kernels onnxruntime fused the int8 graph into.
 *
 *   pnpm exec tsx --conditions=@gliznet/source packages/onnx-export/scripts/benchmark-int8.ts [batch] [sequence] [runs]
 *
 * Timings on a shared CPU are noisy: compare medians from the same run.
 */
import { mkdtemp, rm, writeFile, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { buildOnnxModel, decodeModel } from '../src/index.js';
import { createRandomWeights, createTinyModelConfig } from '../src/testing/index.js';

const batch = Number(process.argv[2] ?? 32);
const sequence = Number(process.argv[3] ?? 80);
const runs = Number(process.argv[4] ?? 15);

const config = createTinyModelConfig({ encoder: 'use-lite', vocabSize: 8002, embeddingSize: 256, hiddenSize: 512, numHiddenLayers: 2, numAttentionHeads: 4, intermediateSize: 1536 });
const weights = createRandomWeights(config, { seed: 7 });
const directory = await mkdtemp(join(tmpdir(), 'gliznet-bench-'));

function inputs(): Record<string, ort.Tensor> {
  const size = batch * sequence;
  const ids = new BigInt64Array(size);
  const mask = new BigInt64Array(size);
  const lmask = new BigInt64Array(size);
  for (let row = 0; row < batch; row++) {
    const length = sequence - (row % 8) * 3;
    for (let position = 0; position < sequence; position++) {
      const index = row * sequence + position;
      ids[index] = BigInt(1 + ((row * 131 + position * 17) % 8000));
      mask[index] = position < length ? 1n : 0n;
      lmask[index] = position < length && position >= length / 2 ? BigInt(1 + Math.floor((position - length / 2) / 4)) : 0n;
    }
  }
  return {
    input_ids: new ort.Tensor('int64', ids, [batch, sequence]),
    attention_mask: new ort.Tensor('int64', mask, [batch, sequence]),
    lmask: new ort.Tensor('int64', lmask, [batch, sequence]),
  };
}

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const feeds = inputs();
const precisions = ['fp32', 'int8'] as const;
const paths = new Map<string, string>();
for (const precision of precisions) {
  const path = join(directory, `${precision}.onnx`);
  await writeFile(path, buildOnnxModel(config, weights, { quantization: precision === 'int8' ? { weightBits: 7 } : null }));
  paths.set(precision, path);
  // Which kernels onnxruntime runs (optimization level 'extended' output; 'all' adds only layout changes here).
  const optimizedPath = join(directory, `${precision}-optimized.onnx`);
  const inspect = await ort.InferenceSession.create(path, { graphOptimizationLevel: 'extended', optimizedModelFilePath: optimizedPath });
  await inspect.release();
  const ops = new Map<string, number>();
  for (const node of decodeModel(await readFile(optimizedPath)).graph.node) {
    const name = `${node.domain ? `${node.domain}.` : ''}${node.opType}`;
    ops.set(name, (ops.get(name) ?? 0) + 1);
  }
  console.log(`${precision} optimized graph matmuls: ${[...ops].filter(([op]) => /MatMul|Quantize|Gemm/.test(op)).map(([op, count]) => `${op} x${count}`).join(', ')}`);
}
for (const threads of [1, 2]) {
  const sessions = new Map<string, ort.InferenceSession>();
  for (const precision of precisions) {
    const session = await ort.InferenceSession.create(paths.get(precision)!, { graphOptimizationLevel: 'all', intraOpNumThreads: threads, interOpNumThreads: 1 });
    for (let warmup = 0; warmup < 3; warmup++) await session.run(feeds);
    sessions.set(precision, session);
  }
  const times = new Map<string, number[]>(precisions.map((precision) => [precision, []]));
  // Alternate the two models run by run so CPU contention from other processes hits both alike.
  for (let run = 0; run < runs; run++) {
    for (const precision of precisions) {
      const start = performance.now();
      await sessions.get(precision)!.run(feeds);
      times.get(precision)!.push(performance.now() - start);
    }
  }
  for (const precision of precisions) {
    const values = times.get(precision)!;
    console.log(`${precision} threads=${threads}: median ${median(values).toFixed(1)} ms, min ${Math.min(...values).toFixed(1)} ms over ${runs} runs (batch ${batch} x ${sequence})`);
    await sessions.get(precision)!.release();
  }
  const ratio = median(times.get('fp32')!) / median(times.get('int8')!);
  console.log(`threads=${threads}: int8 is ${ratio.toFixed(2)}x the speed of fp32 (median/median)`);
}
for (const precision of precisions) console.log(`${precision} file: ${((await readFile(paths.get(precision)!)).byteLength / 1e6).toFixed(1)} MB`);
await rm(directory, { recursive: true, force: true });
