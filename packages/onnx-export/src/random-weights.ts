/**
 * Tensor-free random models for tests: a tiny config, every tensor that config needs (with the
 * names and `[out, in]` layouts of docs/model-format.md), and a complete model directory
 * (config.json + tokenizer.json + model.safetensors).
 */
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  InvalidArgumentError,
  createSeededRandom,
  ModelLoadError,
  modelConfigToJson,
  writeFileAtomic,
  writeJsonAtomic,
  writeSafetensors,
  type ModelConfig,
} from '@gliznet/common';
import { encoderDimensions, requiredTensorShapes, unusedTensorShapes } from './required-tensors.js';
import { createTinyTokenizerJson, tokenizerVocabularySize } from './tiny-tokenizer.js';

/** Deterministic uniform [0, 1) generator (common's seeded xoshiro128**), as a plain function. */
export function seededRandom(seed: number): () => number {
  const random = createSeededRandom(seed);
  return () => random.next();
}

function fill(shape: number[], generate: () => number): { shape: number[]; data: Float32Array } {
  const count = shape.reduce((product, size) => product * size, 1);
  const data = new Float32Array(count);
  for (let index = 0; index < count; index++) data[index] = generate();
  return { shape, data };
}

/**
 * Random values for every tensor the config needs (model-format.md names, dense weights
 * `[out, in]`), deterministic for a seed: dense weights uniform with unit-variance outputs, small
 * biases, norm scales near 1, embeddings uniform in [-1, 1], USE-Lite's real inverse timescales.
 * For use-lite, the sentence pooler `use_lite.pooler.*` is always included as in real checkpoints
 * (used only with `sentence_head: true`); bert's `bert.pooler.dense.*` only when `sentence_head` is
 * true. Cosine's `gliznet.scorer.scale` is drawn in [8, 12] and its bias like any bias.
 */
export function createRandomWeights(config: ModelConfig, options: { seed?: number } = {}): Map<string, { shape: number[]; data: Float32Array }> {
  const dimensions = encoderDimensions(config);
  const random = seededRandom(options.seed ?? 1);
  const uniform = (amplitude: number): (() => number) => () => (random() * 2 - 1) * amplitude;
  // The kept-but-unread tensors (USE-Lite's pooler without `sentence_head`) come last, as real checkpoints hold them.
  const shapes = new Map([...requiredTensorShapes(config, dimensions), ...unusedTensorShapes(config, dimensions)]);
  const weights = new Map<string, { shape: number[]; data: Float32Array }>();
  for (const [name, shape] of shapes) {
    if (name === 'gliznet.scorer.scale') {
      weights.set(name, fill(shape, () => 10 + uniform(2)()));
    } else if (name === 'use_lite.timing_signal.inverse_timescales') {
      const count = shape[0]!;
      weights.set(name, { shape, data: Float32Array.from({ length: count }, (_, index) => Math.exp((-index * Math.log(1e4)) / Math.max(count - 1, 1))) });
    } else if (/(layer_norm|LayerNorm)\.weight$/.test(name)) {
      weights.set(name, fill(shape, () => 1 + uniform(0.2)()));
    } else if (name.endsWith('.bias')) {
      weights.set(name, fill(shape, uniform(0.1)));
    } else if (shape.length === 2 && name.includes('embeddings')) {
      weights.set(name, fill(shape, uniform(1)));
    } else if (shape.length === 2) {
      // [out, in] (or the bilinear [d, d]): uniform with variance 1 / in.
      weights.set(name, fill(shape, uniform(Math.sqrt(3 / shape[1]!))));
    } else {
      weights.set(name, fill(shape, uniform(0.5)));
    }
  }
  return weights;
}

export interface RandomModelDirectoryOptions {
  config: ModelConfig;
  /** A tokenizer.json to copy; default: a generated tiny WordPiece tokenizer of `vocab_size` tokens. */
  tokenizerJsonPath?: string;
  /** Default 1. */
  seed?: number;
}

/**
 * Writes a complete random model directory: config.json, tokenizer.json and model.safetensors.
 * Throws InvalidArgumentError when the tokenizer uses ids beyond the config's `vocab_size`.
 */
export async function writeRandomModelDirectory(directory: string, options: RandomModelDirectoryOptions): Promise<void> {
  const vocabSize = options.config.huggingFace['vocab_size'];
  if (typeof vocabSize !== 'number') throw new InvalidArgumentError('config', 'config.huggingFace.vocab_size must be a number');
  let tokenizerJson: string;
  if (options.tokenizerJsonPath === undefined) {
    tokenizerJson = JSON.stringify(createTinyTokenizerJson({ vocabSize }), null, 2);
  } else {
    try {
      tokenizerJson = await readFile(options.tokenizerJsonPath, 'utf8');
    } catch (error) {
      throw new ModelLoadError(options.tokenizerJsonPath, `cannot read ${options.tokenizerJsonPath}: ${(error as Error).message}`, { cause: error });
    }
    const needed = tokenizerVocabularySize(JSON.parse(tokenizerJson) as unknown);
    if (needed > vocabSize) {
      throw new InvalidArgumentError('config', `${options.tokenizerJsonPath} uses token ids up to ${needed - 1} but config vocab_size is ${vocabSize}; set vocab_size to at least ${needed}`);
    }
  }
  const weights = createRandomWeights(options.config, { seed: options.seed ?? 1 });
  await mkdir(directory, { recursive: true });
  await writeJsonAtomic(join(directory, 'config.json'), modelConfigToJson(options.config));
  await writeFileAtomic(join(directory, 'tokenizer.json'), tokenizerJson);
  await writeSafetensors(join(directory, 'model.safetensors'), weights);
}
