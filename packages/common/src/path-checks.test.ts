import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isDirectory, isFile, pathExists } from './path-checks.js';

describe('path checks', () => {
  it('tell files, directories and missing paths apart', async () => {
    const directory = await mkdtemp(join(tmpdir(), 'path-checks-'));
    try {
      const file = join(directory, 'a.txt');
      await writeFile(file, 'x');
      const missing = join(directory, 'missing');
      expect([await pathExists(file), await isFile(file), await isDirectory(file)]).toEqual([true, true, false]);
      expect([await pathExists(directory), await isFile(directory), await isDirectory(directory)]).toEqual([true, false, true]);
      expect([await pathExists(missing), await isFile(missing), await isDirectory(missing)]).toEqual([false, false, false]);
    } finally {
      await rm(directory, { recursive: true, force: true });
    }
  });
});
