/**
 * Where things are, relative to this file: the repository root, the shared data directory beside it
 * (`<repo root>/../shared`, or `GLIZNET_SHARED_DIR`) and the tokenizer package's bundled assets.
 */
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Absolute path of the repository root. */
export const repositoryRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

/** The shared directory (datasets, corpora, notes): `GLIZNET_SHARED_DIR` or `<repo root>/../shared`. */
export function sharedDirectory(): string {
  const override = process.env['GLIZNET_SHARED_DIR'];
  return override !== undefined && override !== '' ? resolve(override) : resolve(repositoryRoot, '..', 'shared');
}

/** Where the generated tokenizer.json of a bundled vocabulary is committed. */
export function bundledAssetPath(name: 'use-lite' | 'bert-base-uncased'): string {
  return join(repositoryRoot, 'packages', 'tokenizer', 'assets', name, 'tokenizer.json');
}
