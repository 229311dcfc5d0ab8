/**
 * Label vectors for negative mining. Synth runs no model itself (it must not depend on tfjs model
 * code): the caller injects a sentence encoder, e.g. the trainer passes `@gliznet/core`'s USE-Lite
 * `SentenceEmbedder`, and {@link createCachedLabelEmbedder} adds the on-disk vector cache.
 */
import { readFile } from 'node:fs/promises';
import { writeJsonAtomic } from '@gliznet/common';

/** Turns label texts into vectors (one per label, same order). */
export interface LabelEmbedder {
  /** Identifies the model, so cached vectors of another model are never reused. */
  readonly modelVersion: string;
  embed(labels: readonly string[]): Promise<Float32Array[]>;
}

/** A loaded sentence encoder: one vector per text, same order. */
export interface SentenceEncoder {
  embed(texts: readonly string[]): Promise<Float32Array[]>;
  /** Frees the model. */
  dispose(): void;
}

/** A sentence encoder supplied by the caller, loaded only when some label is not cached. */
export interface SentenceEncoderSource {
  /** `<package>@<version>` (or any id) of the weights, the cache key: vectors of another model are never reused. */
  readonly modelVersion: string;
  load(): Promise<SentenceEncoder>;
}

/** Options of {@link createCachedLabelEmbedder}. */
export interface CachedLabelEmbedderOptions {
  /** JSON cache file (vectors keyed by label text and model version); none when omitted. */
  cacheFile?: string;
  /** Called with how many labels were served from the cache and how many distinct labels were computed. */
  onCacheResult?: (result: { cached: number; computed: number }) => void;
}

interface CacheFile {
  modelVersion: string;
  /** label -> base64 of its float32 vector. */
  vectors: Record<string, string>;
}

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
 * A label embedder on `source` with an optional on-disk cache. The encoder is loaded lazily, only
 * when a label is missing from the cache, and disposed after use.
 */
export function createCachedLabelEmbedder(source: SentenceEncoderSource, options: CachedLabelEmbedderOptions = {}): LabelEmbedder {
  const modelVersion = source.modelVersion;
  return {
    modelVersion,
    async embed(labels) {
      const cache = options.cacheFile === undefined ? new Map<string, Float32Array>() : await readCache(options.cacheFile, modelVersion);
      const cached = labels.filter((label) => cache.has(label)).length;
      const missing = [...new Set(labels.filter((label) => !cache.has(label)))];
      if (missing.length > 0) {
        const encoder = await source.load();
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
      options.onCacheResult?.({ cached, computed: missing.length });
      return labels.map((label) => cache.get(label) as Float32Array);
    },
  };
}
