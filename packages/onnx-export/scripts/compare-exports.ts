/**
 * Developer script: exports every model variant of src/testing/model-variants.ts (random weights,
 * fixed seeds), the bert sentence encoder (cls and mean pooling) and the shipped model directories
 * (models/gliznet-use-lite, models/gliznet-minilm: copied to a temporary directory and exported
 * there, never into models/) to fp32 and int8, and records the sha256 of every graph.
 *
 *   pnpm exec tsx --conditions=@gliznet/source packages/onnx-export/scripts/compare-exports.ts save <dir>
 *   pnpm exec tsx --conditions=@gliznet/source packages/onnx-export/scripts/compare-exports.ts check <dir>
 *
 * `save` writes `<dir>/hashes.json` and every graph (`<dir>/<graph>.onnx`). `check` exports again
 * and compares: a graph whose bytes differ is run, old and new, on the parity batches with
 * onnxruntime, and reported with its largest logit difference (allowed: 1e-5). Exit status 1 when a
 * graph is missing, new, or differs by more than that.
 */
import { createHash } from 'node:crypto';
import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SentencePooling } from '@gliznet/common';
import { createTinyModelConfig } from '@gliznet/common/testing';
import { buildOnnxModel, buildSentenceEncoderOnnx, DEFAULT_QUANTIZATION, exportOnnx } from '../src/index.js';
import { createRandomWeights } from '../src/testing/index.js';
import { makeBatch } from '../src/testing/batches.js';
import { describeVariant, modelVariants } from '../src/testing/model-variants.js';
import { createSession, maxAbsDifference, runOnnx } from '../src/testing/run-onnx.js';

const TOLERANCE = 1e-5;
const repositoryRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const shippedModels = ['gliznet-use-lite', 'gliznet-minilm'];

interface Graph {
  name: string;
  description: string;
  bytes: Uint8Array;
  /** What the graph is run on when its bytes differ. */
  architecture: 'gliznet' | 'cross-encoder' | 'sentence-encoder';
  vocabSize: number;
}

async function* exportAll(): AsyncGenerator<Graph> {
  for (const [index, variant] of modelVariants().entries()) {
    const config = createTinyModelConfig({ ...variant, vocabSize: 40, hiddenSize: 16, embeddingSize: 8, numAttentionHeads: 2, intermediateSize: 24 });
    const weights = createRandomWeights(config, { seed: 100 + index });
    for (const precision of ['fp32', 'int8'] as const) {
      const bytes = buildOnnxModel(config, weights, { quantization: precision === 'fp32' ? null : DEFAULT_QUANTIZATION });
      yield { name: `variant-${String(index).padStart(2, '0')}-${precision}`, description: `${describeVariant(variant)} ${precision}`, bytes, architecture: variant.architecture, vocabSize: 40 };
    }
  }
  for (const pooling of [{ pooling: 'cls', normalize: false }, { pooling: 'mean', normalize: true }] as SentencePooling[]) {
    const config = createTinyModelConfig({ encoder: 'bert', vocabSize: 40, hiddenSize: 16, numAttentionHeads: 2, intermediateSize: 24 });
    const bytes = buildSentenceEncoderOnnx(config, createRandomWeights(config, { seed: 500 }), pooling);
    yield { name: `sentence-encoder-${pooling.pooling}-fp32`, description: `bert sentence encoder, ${pooling.pooling} pooling`, bytes, architecture: 'sentence-encoder', vocabSize: 40 };
  }
  for (const model of shippedModels) {
    const source = join(repositoryRoot, 'models', model);
    const directory = await mkdtemp(join(tmpdir(), `gliznet-compare-${model}-`));
    try {
      await copyFile(join(source, 'config.json'), join(directory, 'config.json'));
      await copyFile(join(source, 'model.safetensors'), join(directory, 'model.safetensors'));
      const result = await exportOnnx(directory);
      const config = JSON.parse(await readFile(join(source, 'config.json'), 'utf8')) as { vocab_size: number; gliznet: { architecture: 'gliznet' | 'cross-encoder' } };
      yield { name: `${model}-fp32`, description: `models/${model} fp32`, bytes: await readFile(result.modelPath), architecture: config.gliznet.architecture, vocabSize: config.vocab_size };
      yield { name: `${model}-int8`, description: `models/${model} int8`, bytes: await readFile(result.quantizedModelPath!), architecture: config.gliznet.architecture, vocabSize: config.vocab_size };
    } finally {
      await rm(directory, { recursive: true, force: true });
    }
  }
}

const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

/** Largest logit difference between two graphs on the parity batches (the gliznet or cross-encoder batch spec). */
async function outputDifference(before: Uint8Array, after: Uint8Array, graph: Graph): Promise<number> {
  const spec =
    graph.architecture === 'gliznet'
      ? { textLengths: [5, 3, 7], labelLengths: [[2, 1, 3], [1, 2], [2, 2, 1]] }
      : { textLengths: [5, 3, 7], labelLengths: [[2], [1], [3]] };
  const batch = makeBatch({ ...spec, vocabSize: graph.vocabSize, seed: 1 });
  const [old, current] = await Promise.all([createSession(before), createSession(after)]);
  try {
    if (graph.architecture === 'sentence-encoder') {
      const { Tensor } = await import('onnxruntime-node');
      const feeds = (session: typeof old) =>
        Object.fromEntries(session.inputNames.map((name) => [name, new Tensor('int64', BigInt64Array.from(name === 'input_ids' ? batch.inputIds : name === 'attention_mask' ? batch.attentionMask : batch.tokenTypeIds.map(() => 0), BigInt), [batch.batchSize, batch.sequenceLength])]));
      const a = Array.from((await old.run(feeds(old)))['sentence_embedding']!.data as Float32Array);
      const b = Array.from((await current.run(feeds(current)))['sentence_embedding']!.data as Float32Array);
      return maxAbsDifference([a], [b]);
    }
    return maxAbsDifference((await runOnnx(old, batch)).logits, (await runOnnx(current, batch)).logits);
  } finally {
    await old.release();
    await current.release();
  }
}

const [mode, directoryArgument] = process.argv.slice(2);
if ((mode !== 'save' && mode !== 'check') || directoryArgument === undefined) {
  process.stderr.write('usage: compare-exports.ts save|check <dir>\n');
  process.exit(2);
}
const directory = resolve(directoryArgument);
if (mode === 'save') {
  await mkdir(directory, { recursive: true });
  const hashes: Record<string, { sha256: string; description: string; bytes: number }> = {};
  for await (const graph of exportAll()) {
    hashes[graph.name] = { sha256: sha256(graph.bytes), description: graph.description, bytes: graph.bytes.byteLength };
    await writeFile(join(directory, `${graph.name}.onnx`), graph.bytes);
  }
  await writeFile(join(directory, 'hashes.json'), `${JSON.stringify(hashes, null, 2)}\n`);
  process.stdout.write(`saved ${Object.keys(hashes).length} graphs to ${directory}\n`);
} else {
  const saved = JSON.parse(await readFile(join(directory, 'hashes.json'), 'utf8')) as Record<string, { sha256: string; description: string }>;
  let identical = 0;
  let close = 0;
  let failed = 0;
  const seen = new Set<string>();
  for await (const graph of exportAll()) {
    seen.add(graph.name);
    const before = saved[graph.name];
    if (before === undefined) {
      failed++;
      process.stdout.write(`NEW        ${graph.name} (${graph.description}): not in ${directory}/hashes.json\n`);
      continue;
    }
    if (before.sha256 === sha256(graph.bytes)) {
      identical++;
      continue;
    }
    const difference = await outputDifference(await readFile(join(directory, `${graph.name}.onnx`)), graph.bytes, graph);
    if (difference <= TOLERANCE) close++;
    else failed++;
    process.stdout.write(`${difference <= TOLERANCE ? 'DIFFERENT ' : 'MISMATCH  '} ${graph.name} (${graph.description}): bytes differ, max |logit difference| ${difference.toExponential(2)}\n`);
  }
  for (const name of Object.keys(saved)) {
    if (!seen.has(name)) {
      failed++;
      process.stdout.write(`MISSING    ${name} (${saved[name]!.description})\n`);
    }
  }
  process.stdout.write(`${seen.size} graphs: ${identical} byte-identical, ${close} different bytes within ${TOLERANCE}, ${failed} failed\n`);
  process.exit(failed === 0 ? 0 : 1);
}
