/**
 * Micro-benchmark of one GliZNet training step (pretrained weights: the use-lite encoder, or a
 * Hugging Face BERT directory in the layout the trainer uses for it) on a tfjs backend, against the
 * plain matmul throughput of the same backend in the same run.
 *
 *   pnpm exec tsx --conditions=@gliznet/source packages/core/scripts/bench-train-step.ts \
 *     [--encoder use-lite|<dir>] [--backend wasm] [--threads N] [--batch 16] [--tokens 96] [--labels 5] [--steps 3]
 *
 * Rounds interleave 3 plain matmuls, a forward pass, a forward + backward pass and a full training
 * step (forward, backward, Adam), so all see the same contention on a shared machine. Reported:
 * medians of wall-clock and of process CPU time (the steadier figure when cores are shared).
 *
 * FLOPs counted: every matrix product of the forward pass (2 * m * k * n each: dense layers,
 * attention scores and context, label pooling), times 3 for forward + backward (the backward pass
 * computes both the input and the weight gradient of each product). Element-wise work is not counted.
 */
import { parseArgs } from 'node:util';
import * as tf from '../src/tf.js';
import { GliznetModel, selectBackend, type BackendName } from '../src/index.js';

const { values: args } = parseArgs({
  options: {
    encoder: { type: 'string', default: 'use-lite' },
    backend: { type: 'string', default: 'wasm' },
    threads: { type: 'string' },
    batch: { type: 'string', default: '16' },
    tokens: { type: 'string', default: '96' },
    labels: { type: 'string', default: '5' },
    steps: { type: 'string', default: '3' },
  },
});
const batchSize = Number(args.batch);
const sequenceLength = Number(args.tokens);
const numLabels = Number(args.labels);
const steps = Number(args.steps);

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

interface Timing {
  wallMs: number;
  cpuMs: number;
}

/** Wall-clock and process CPU time (user + system) of one run. */
function measure(run: () => void): Timing {
  const cpuStart = process.cpuUsage();
  const wallStart = performance.now();
  run();
  const wallMs = performance.now() - wallStart;
  const cpu = process.cpuUsage(cpuStart);
  return { wallMs, cpuMs: (cpu.user + cpu.system) / 1000 };
}

function medianTiming(timings: Timing[]): Timing {
  return { wallMs: median(timings.map((timing) => timing.wallMs)), cpuMs: median(timings.map((timing) => timing.cpuMs)) };
}

/** Forward matmul FLOPs of a BERT GliZNet (dims from config.json keys). */
function bertForwardMatmulFlops(config: Record<string, unknown>, batch: number, tokens: number, labels: number): number {
  const hidden = config['hidden_size'] as number;
  const intermediate = config['intermediate_size'] as number;
  const rows = batch * tokens;
  const perLayer = 4 * 2 * rows * hidden * hidden + 2 * 2 * batch * tokens * tokens * hidden + 2 * 2 * rows * hidden * intermediate; // q, k, v, output; scores + context; FFN
  return (config['num_hidden_layers'] as number) * perLayer + 2 * batch * labels * tokens * hidden; // + label pooling
}

/** Forward matmul FLOPs of the use-lite GliZNet (dims from config.json keys). */
function forwardMatmulFlops(config: Record<string, unknown>, batch: number, tokens: number, labels: number): number {
  if (config['model_type'] === 'bert') return bertForwardMatmulFlops(config, batch, tokens, labels);
  const embedding = config['embedding_size'] as number;
  const hidden = config['hidden_size'] as number;
  const intermediate = config['intermediate_size'] as number;
  const layers = config['num_hidden_layers'] as number;
  const rows = batch * tokens;
  let flops = 0;
  for (let layer = 0; layer < layers; layer++) {
    const input = layer === 0 ? embedding : hidden;
    flops += 2 * rows * input * 3 * input; // qkv
    flops += 2 * 2 * batch * tokens * tokens * input; // scores + context, all heads
    flops += 2 * rows * input * hidden; // attention output
    if (input !== hidden) flops += 2 * rows * input * hidden; // residual dense (layer 0)
    flops += 2 * 2 * rows * hidden * intermediate; // FFN
  }
  flops += 2 * batch * labels * tokens * hidden; // label pooling
  return flops;
}

/** A full batch: [CLS] text [SEP] label ; label ... [SEP], every row `sequenceLength` tokens. */
function syntheticBatch(special: { cls: number; sep: number; separator: number; vocabSize: number }): { inputIds: Int32Array; attentionMask: Int32Array; tokenTypeIds: Int32Array; lmask: Int32Array; batchSize: number; sequenceLength: number } {
  const inputIds = new Int32Array(batchSize * sequenceLength);
  const attentionMask = new Int32Array(batchSize * sequenceLength).fill(1);
  const tokenTypeIds = new Int32Array(batchSize * sequenceLength);
  const lmask = new Int32Array(batchSize * sequenceLength);
  const labelTokens = 4;
  const labelPart = numLabels * (labelTokens + 1); // labels, separators and the final [SEP]
  const textLength = sequenceLength - 2 - labelPart;
  let seed = 12345;
  const nextId = (): number => 1000 + ((seed = (seed * 1103515245 + 12345) >>> 0) % (special.vocabSize - 1000));
  for (let row = 0; row < batchSize; row++) {
    const at = row * sequenceLength;
    let position = 0;
    inputIds[at + position++] = special.cls;
    for (let i = 0; i < textLength; i++) inputIds[at + position++] = nextId();
    inputIds[at + position++] = special.sep;
    for (let label = 1; label <= numLabels; label++) {
      for (let i = 0; i < labelTokens; i++) {
        tokenTypeIds[at + position] = 1;
        lmask[at + position] = label;
        inputIds[at + position++] = nextId();
      }
      tokenTypeIds[at + position] = 1;
      inputIds[at + position++] = label === numLabels ? special.sep : special.separator; // separator piece, then [SEP]
    }
  }
  return { inputIds, attentionMask, tokenTypeIds, lmask, batchSize, sequenceLength };
}

async function main(): Promise<void> {
  const backend = await selectBackend({ backend: args.backend as BackendName, threads: args.threads === undefined ? undefined : Number(args.threads) });
  const threads = backend.name === 'wasm' ? (await import('@tensorflow/tfjs-backend-wasm')).getThreadsCount() : undefined;
  console.log(`backend: ${backend.name}${threads === undefined ? '' : `, ${threads} thread(s)`} (${backend.reason})`);

  // Plain matmul throughput: the FFN's product at this batch ([rows, 512] @ [512, 1536]).
  const rows = batchSize * sequenceLength;
  const a = tf.randomNormal([rows, 512]);
  const b = tf.randomNormal([512, 1536]);
  const matmulFlops = 2 * rows * 512 * 1536;
  const plainMatmul = (): void => {
    const c = tf.matMul(a, b);
    c.dataSync();
    c.dispose();
  };

  const useLite = args.encoder === 'use-lite';
  // A BERT encoder runs in the layout the trainer trains it in (docs/training.md, MiniLM).
  const bertSettings = { sentenceHead: false, labelAttention: 'text-and-self', labelPositions: 'after-text', labelPooling: 'mean', textPooling: 'mean' } as const;
  const model = await GliznetModel.fromPretrainedEncoder(args.encoder!, { seed: 1, ...(useLite ? {} : { settings: bertSettings }) });
  const vocabSize = model.config.huggingFace['vocab_size'] as number;
  // USE-Lite: [CLS] 1, [SEP] 2, " ;" 2683; BERT (uncased WordPiece): [CLS] 101, [SEP] 102, ";" 1025.
  const batch = syntheticBatch(useLite ? { cls: 1, sep: 2, separator: 2683, vocabSize: 7996 } : { cls: 101, sep: 102, separator: 1025, vocabSize });
  const targets = tf.tensor2d(Array.from({ length: batchSize * numLabels }, (_, i) => (i % numLabels === 0 ? 1 : 0)), [batchSize, numLabels]);
  const lossOf = (): tf.Scalar => {
    const { logits, labelMask } = model.forward(batch, { training: true });
    const perLabel = tf.mul(tf.sub(tf.softplus(logits), tf.mul(targets, logits)), labelMask); // BCE with logits
    return tf.div(tf.sum(perLabel), tf.sum(labelMask)) as tf.Scalar;
  };
  const optimizer = tf.train.adam(1e-5);
  const variables = model.trainableVariables();
  const forward = (): void => {
    const loss = tf.tidy(lossOf);
    loss.dataSync();
    loss.dispose();
  };
  const forwardBackward = (): void => {
    const { value, grads } = tf.variableGrads(lossOf, variables);
    value.dataSync();
    tf.dispose([value, ...Object.values(grads)]);
  };
  const trainStep = (): void => {
    const loss = optimizer.minimize(lossOf, true, variables)!;
    loss.dataSync();
    loss.dispose();
  };

  // Warm-up (kernels, optimizer slots), then interleaved rounds so that the plain matmul and the
  // training step see the same contention on a shared machine.
  plainMatmul();
  trainStep();
  const tensorsBefore = tf.memory().numTensors;
  const timings = { matmul: [] as Timing[], forward: [] as Timing[], forwardBackward: [] as Timing[], step: [] as Timing[] };
  for (let round = 0; round < steps; round++) {
    for (let i = 0; i < 3; i++) timings.matmul.push(measure(plainMatmul));
    timings.forward.push(measure(forward));
    timings.forwardBackward.push(measure(forwardBackward));
    timings.step.push(measure(trainStep));
  }
  const leaked = tf.memory().numTensors - tensorsBefore;
  tf.dispose([a, b]);

  const flopsForward = forwardMatmulFlops(model.config.huggingFace, batchSize, sequenceLength, numLabels);
  const flopsStep = 3 * flopsForward;
  const matmul = medianTiming(timings.matmul);
  const rate = (flops: number, ms: number): number => flops / (ms * 1e6);
  const matmulRate = { wall: rate(matmulFlops, matmul.wallMs), cpu: rate(matmulFlops, matmul.cpuMs) };
  const line = (label: string, flops: number, timing: Timing): string => {
    const wall = rate(flops, timing.wallMs);
    const cpu = rate(flops, timing.cpuMs);
    return `${label.padEnd(24)} wall ${timing.wallMs.toFixed(0).padStart(6)} ms  ${wall.toFixed(2)} GFLOP/s (${((100 * wall) / matmulRate.wall).toFixed(0)}% of matmul) | CPU ${timing.cpuMs.toFixed(0).padStart(6)} ms  ${cpu.toFixed(2)} GFLOP/CPU-s (${((100 * cpu) / matmulRate.cpu).toFixed(0)}%)`;
  };
  console.log(`model: ${useLite ? 'use-lite' : args.encoder} GliZNet, ${model.parameterCount().toLocaleString('en')} weights, batch ${batchSize} x ${sequenceLength} tokens, ${numLabels} labels; ${steps} interleaved rounds, medians`);
  console.log(`matmul FLOPs: forward ${(flopsForward / 1e9).toFixed(2)} GFLOP, forward + backward ${(flopsStep / 1e9).toFixed(2)} GFLOP`);
  console.log(`plain matmul [${rows}x512]@[512x1536]: wall ${matmul.wallMs.toFixed(0)} ms = ${matmulRate.wall.toFixed(2)} GFLOP/s | CPU ${matmul.cpuMs.toFixed(0)} ms = ${matmulRate.cpu.toFixed(2)} GFLOP/CPU-s`);
  console.log(line('forward', flopsForward, medianTiming(timings.forward)));
  console.log(line('forward + backward', flopsStep, medianTiming(timings.forwardBackward)));
  console.log(line('training step (+ Adam)', flopsStep, medianTiming(timings.step)));
  console.log(`tensors leaked over ${steps} rounds: ${leaked}`);
  model.dispose();
  optimizer.dispose();
  targets.dispose();
}

await main();
