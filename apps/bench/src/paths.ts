/**
 * Where things are: the repository root (found from this file), the shared data directory beside it
 * (`<repo root>/../shared`, or `GLIZNET_SHARED_DIR`), the default models and the results directory.
 */
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Absolute path of the repository root (`apps/bench/src` is three levels below it). */
export const repositoryRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

/** The shared directory (datasets, corpora): `GLIZNET_SHARED_DIR` or `<repo root>/../shared`. */
export function sharedDirectory(environment: Readonly<Record<string, string | undefined>> = process.env): string {
  const override = environment['GLIZNET_SHARED_DIR'];
  return override !== undefined && override !== '' ? resolve(override) : resolve(repositoryRoot, '..', 'shared');
}

/** `<shared>/datasets/<name>.jsonl`. */
export function sharedDatasetPath(name: string, environment: Readonly<Record<string, string | undefined>> = process.env): string {
  return join(sharedDirectory(environment), 'datasets', `${name}.jsonl`);
}

/** The default trained models (written by the trainer's default-model run). */
export const DEFAULT_MODEL_DIRECTORY = join(repositoryRoot, 'models', 'gliznet-minilm');
export const DEFAULT_BASELINE_DIRECTORY = join(repositoryRoot, 'models', 'cross-encoder-minilm');

/** Where runs write `<command>-<timestamp>/` unless `--out` is given. */
export const DEFAULT_RESULTS_DIRECTORY = join(repositoryRoot, 'bench-results');

/** The benchmark document `report` rewrites, and its image folder. */
export const BENCHMARKS_DOCUMENT = join(repositoryRoot, 'docs', 'benchmarks.md');
export const BENCHMARKS_IMAGES_DIRECTORY = join(repositoryRoot, 'docs', 'images');
