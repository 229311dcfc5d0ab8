import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigurationError } from '@gliznet/common';
import { makeTempDirectory } from '../__fixtures__/test-helpers.js';
import { locateSharedDirectory } from './shared-directory.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

describe('locateSharedDirectory', () => {
  it('uses GLIZNET_SHARED_DIR, else <repo root>/../shared, else explains what to set', async () => {
    const { directory, cleanup } = await makeTempDirectory();
    cleanups.push(cleanup);
    const repository = join(directory, 'repo');
    await mkdir(join(repository, 'packages', 'x'), { recursive: true });
    await writeFile(join(repository, 'pnpm-workspace.yaml'), 'packages: []\n');
    expect(locateSharedDirectory({ environment: { GLIZNET_SHARED_DIR: '/somewhere/shared' } })).toBe('/somewhere/shared');
    const missing = (() => {
      try {
        return locateSharedDirectory({ from: join(repository, 'packages', 'x'), environment: {} });
      } catch (error) {
        return error;
      }
    })();
    expect(ConfigurationError.isInstance(missing)).toBe(true);
    expect((missing as Error).message).toContain('GLIZNET_SHARED_DIR');
    await mkdir(join(directory, 'shared'));
    expect(locateSharedDirectory({ from: join(repository, 'packages', 'x'), environment: {} })).toBe(join(directory, 'shared'));
  });
});
