import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { ConfigurationError } from '@gliznet/common';

/** Options of {@link locateSharedDirectory}. */
export interface LocateSharedOptions {
  /** Where to start looking for the repository root (default `process.cwd()`). */
  from?: string;
  /** Environment to read `GLIZNET_SHARED_DIR` from (default `process.env`). */
  environment?: Record<string, string | undefined>;
}

/** Walks up from `start` to the directory holding `pnpm-workspace.yaml` (the repository root). */
export function findRepositoryRoot(start: string): string | undefined {
  let directory = resolve(start);
  for (;;) {
    if (existsSync(join(directory, 'pnpm-workspace.yaml'))) return directory;
    const parent = dirname(directory);
    if (parent === directory) return undefined;
    directory = parent;
  }
}

/**
 * The `shared/` directory (corpora, datasets): `GLIZNET_SHARED_DIR` when set, else
 * `<repository root>/../shared`.
 */
export function locateSharedDirectory(options: LocateSharedOptions = {}): string {
  const environment = options.environment ?? process.env;
  const fromEnvironment = environment.GLIZNET_SHARED_DIR;
  if (fromEnvironment !== undefined && fromEnvironment !== '') return resolve(fromEnvironment);
  const start = options.from ?? process.cwd();
  const root = findRepositoryRoot(start);
  if (root === undefined) {
    throw new ConfigurationError(
      `Cannot find the repository root (pnpm-workspace.yaml) above ${start}, so shared/ cannot be located. Set GLIZNET_SHARED_DIR to the shared directory.`,
    );
  }
  const shared = join(root, '..', 'shared');
  if (!existsSync(shared)) {
    throw new ConfigurationError(`No shared directory at ${shared}. Put a copy of shared/ beside the repository or set GLIZNET_SHARED_DIR.`);
  }
  return shared;
}
