/**
 * `pnpm bench encoder-parity --encoder <dir>`: sentence vectors of a pretrained BERT encoder from
 * `@gliznet/core` (tfjs) and from its exported ONNX graph (onnxruntime-node), against
 * sentence-transformers (PyTorch) run in a Python child process: per-sentence cosine and the
 * nearest neighbour of each sentence within the set. Fails when a cosine is below --min-cosine or a
 * neighbour differs. The Python side runs only here, offline; tests never run it.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { ConfigurationError, formatHelp, parseCommandLine, writeJsonAtomic, type CommandSpec } from '@gliznet/common';
import { SentenceEmbedder, selectBackend } from '@gliznet/core';
import { exportSentenceEncoderOnnx } from '@gliznet/onnx-export';
import * as ort from 'onnxruntime-node';
import { DEFAULT_RESULTS_DIRECTORY, repositoryRoot, sharedDirectory } from '../paths.js';
import { paritySentences } from '../parity/parity-sentences.js';
import { runDirectory } from '../results/output-directory.js';
import { collectRunEnvironment } from '../results/run-environment.js';
import { runHeader, type CommandIo } from './command-io.js';

const REFERENCE_SCRIPT = join(repositoryRoot, 'apps', 'bench', 'src', 'parity', 'sentence-transformers-reference.py');

export const ENCODER_PARITY_SPEC: CommandSpec = {
  name: 'pnpm bench encoder-parity',
  summary: 'Sentence vectors of a BERT encoder from @gliznet/core (tfjs) and its ONNX export against sentence-transformers: cosine per sentence, same nearest neighbours.',
  options: {
    encoder: { type: 'string', required: true, placeholder: '<dir>', description: 'sentence-transformers BERT directory (pnpm trainer encoder fetch)' },
    python: { type: 'string', default: 'python3', description: 'interpreter with sentence-transformers installed (the reference)' },
    count: { type: 'number', default: 100, description: 'sentences, drawn from the training corpora' },
    corpora: { type: 'string', placeholder: '<dir>', description: 'corpora directory (default ../shared/corpora)' },
    'min-cosine': { type: 'number', default: 0.9999, description: 'smallest cosine with the reference that passes' },
    threads: { type: 'number', default: 1, description: 'tfjs wasm and onnxruntime threads' },
    out: { type: 'string', placeholder: '<dir>', description: 'result directory (default bench-results/encoder-parity-<timestamp>)' },
    json: { type: 'boolean', default: false, description: 'print the results as JSON' },
  },
  examples: ['pnpm bench encoder-parity --encoder data/encoders/all-MiniLM-L6-v2 --python .venv/bin/python'],
};

function referenceVectors(python: string, directory: string, sentences: readonly string[]): Promise<{ vectors: number[][]; versions: Record<string, string> }> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(python, [REFERENCE_SCRIPT], { stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, HF_HUB_OFFLINE: '1', TRANSFORMERS_OFFLINE: '1' } });
    let output = '';
    let errors = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (errors += chunk.toString('utf8')));
    child.on('error', (error) => reject(new ConfigurationError(`cannot run ${python} (${error.message}); pass --python <an interpreter with sentence-transformers>`)));
    child.on('close', (code) => {
      if (code !== 0) {
        const hint = /No module named/.test(errors) ? ` (install the reference once: ${python} -m pip install sentence-transformers)` : '';
        reject(new ConfigurationError(`the sentence-transformers reference exited with code ${code}${hint}:\n${errors.trim().split('\n').slice(-5).join('\n')}`));
        return;
      }
      resolvePromise(JSON.parse(output) as { vectors: number[][]; versions: Record<string, string> });
    });
    child.stdin.end(JSON.stringify({ directory, sentences }));
  });
}

async function onnxVectors(directory: string, ids: readonly number[][], threads: number): Promise<Float32Array[]> {
  const scratch = await mkdtemp(join(tmpdir(), 'gliznet-parity-'));
  try {
    const { path } = await exportSentenceEncoderOnnx(directory, { outputPath: join(scratch, 'sentence_encoder.onnx') });
    const session = await ort.InferenceSession.create(path, { intraOpNumThreads: threads, interOpNumThreads: 1, graphOptimizationLevel: 'all' });
    const vectors: Float32Array[] = [];
    for (const row of ids) {
      const tensor = (values: readonly number[]): ort.Tensor => new ort.Tensor('int64', BigInt64Array.from(values, BigInt), [1, values.length]);
      const output = (await session.run({ input_ids: tensor(row), attention_mask: tensor(row.map(() => 1)), token_type_ids: tensor(row.map(() => 0)) }))['sentence_embedding']!;
      vectors.push(Float32Array.from(output.data as Float32Array));
    }
    await session.release();
    return vectors;
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

function cosine(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let dot = 0;
  let normA = 0;
  let normB = 0;
  for (let index = 0; index < a.length; index++) {
    dot += a[index]! * b[index]!;
    normA += a[index]! * a[index]!;
    normB += b[index]! * b[index]!;
  }
  return dot / Math.sqrt(normA * normB);
}

/** For each vector, the index of its most similar other vector. */
function nearestNeighbours(vectors: readonly ArrayLike<number>[]): number[] {
  return vectors.map((vector, index) => {
    let best = -1;
    let bestScore = -Infinity;
    vectors.forEach((other, otherIndex) => {
      if (otherIndex === index) return;
      const score = cosine(vector, other);
      if (score > bestScore) {
        bestScore = score;
        best = otherIndex;
      }
    });
    return best;
  });
}

export async function encoderParityCommand(argv: readonly string[], io: CommandIo): Promise<unknown> {
  const parsed = parseCommandLine(argv, ENCODER_PARITY_SPEC);
  if (parsed.help) {
    io.stdout.write(formatHelp(ENCODER_PARITY_SPEC));
    return undefined;
  }
  const values = parsed.values as { encoder: string; python: string; count: number; corpora?: string; 'min-cosine': number; threads: number; out?: string; json: boolean };
  const started = new Date();
  const directory = resolve(values.encoder);
  const environment = await collectRunEnvironment();
  const sentences = await paritySentences(values.corpora ?? join(sharedDirectory(), 'corpora'), values.count);
  const texts = sentences.map((sentence) => sentence.text);
  io.stderr.write(`encoder-parity: ${texts.length} sentences, reference sentence-transformers via ${values.python}\n`);
  const reference = await referenceVectors(values.python, directory, texts);
  await selectBackend({ backend: 'wasm', threads: values.threads });
  const embedder = await SentenceEmbedder.load({ encoder: directory, batchSize: 16 });
  const tfjs = await embedder.embed(texts);
  const ids = await embedder.tokenIds(texts);
  embedder.dispose();
  io.stderr.write('tfjs done; exporting and running the ONNX sentence encoder\n');
  const onnx = await onnxVectors(directory, ids, values.threads);
  const referenceNeighbours = nearestNeighbours(reference.vectors);
  const implementations = { tfjs, onnx };
  const figures = Object.fromEntries(
    Object.entries(implementations).map(([name, vectors]) => {
      const cosines = vectors.map((vector, index) => cosine(vector, reference.vectors[index]!));
      const neighbours = nearestNeighbours(vectors);
      const worst = cosines.indexOf(Math.min(...cosines));
      return [name, { minCosine: cosines[worst]!, meanCosine: cosines.reduce((sum, value) => sum + value, 0) / cosines.length, worstSentence: texts[worst]!, neighbourMismatches: neighbours.filter((neighbour, index) => neighbour !== referenceNeighbours[index]).length, cosines }];
    }),
  ) as Record<'tfjs' | 'onnx', { minCosine: number; meanCosine: number; worstSentence: string; neighbourMismatches: number; cosines: number[] }>;
  const passed = Object.values(figures).every((figure) => figure.minCosine >= values['min-cosine'] && figure.neighbourMismatches === 0);
  const results = {
    ...runHeader('encoder-parity', io, argv, started, environment),
    encoder: basename(directory),
    sentences: sentences.length,
    longestTokens: Math.max(...ids.map((row) => row.length)),
    reference: { implementation: 'sentence-transformers', versions: reference.versions },
    minCosineRequired: values['min-cosine'],
    passed,
    figures,
  };
  const out = runDirectory({ command: 'encoder-parity', resultsRoot: DEFAULT_RESULTS_DIRECTORY, date: started, ...(values.out === undefined ? {} : { out: values.out }) });
  await writeJsonAtomic(join(out, 'results.json'), results);
  if (values.json) io.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
  else {
    io.stdout.write(`encoder ${results.encoder}: ${sentences.length} sentences (up to ${results.longestTokens} tokens) against sentence-transformers ${reference.versions['sentence_transformers'] ?? ''}\n`);
    for (const [name, figure] of Object.entries(figures)) io.stdout.write(`  ${name.padEnd(5)} min cosine ${figure.minCosine.toFixed(7)} (1 - cos = ${(1 - figure.minCosine).toExponential(1)})  mean ${figure.meanCosine.toFixed(7)}  nearest-neighbour mismatches ${figure.neighbourMismatches}\n`);
    io.stdout.write(`${passed ? 'passed' : 'FAILED'} (min cosine >= ${values['min-cosine']}, same neighbours); results in ${out}\n`);
  }
  if (!passed) throw new ConfigurationError(`encoder parity failed for ${results.encoder}: see ${join(out, 'results.json')}`);
  return results;
}
