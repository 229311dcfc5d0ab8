import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigurationError } from '@gliznet/common';
import { afterEach, describe, expect, it } from 'vitest';
import { acquireRunLock } from './run-lock.js';

describe('acquireRunLock', () => {
  const directories: string[] = [];
  afterEach(async () => {
    await Promise.all(directories.splice(0).map((directory) => rm(directory, { recursive: true, force: true })));
  });
  const temporary = async (): Promise<string> => {
    const directory = await mkdtemp(join(tmpdir(), 'run-lock-'));
    directories.push(directory);
    return directory;
  };

  it('refuses a second holder while the first lives, and frees the directory on release', async () => {
    const directory = await temporary();
    const first = await acquireRunLock(directory);
    expect(JSON.parse(await readFile(first.path, 'utf8'))).toMatchObject({ pid: process.pid, host: hostname() });
    const refused = await acquireRunLock(directory).catch((error: unknown) => error);
    expect(ConfigurationError.isInstance(refused)).toBe(true);
    expect((refused as Error).message).toMatch(new RegExp(`in use by process ${process.pid} on .*pass another --out`));
    await first.release();
    const second = await acquireRunLock(directory);
    await second.release();
  });

  it('takes over a lock whose process is gone', async () => {
    const directory = await temporary();
    const child = spawn(process.execPath, ['-e', '0']);
    const pid = child.pid!;
    await new Promise((resolve) => child.on('exit', resolve));
    await writeFile(join(directory, '.lock'), JSON.stringify({ pid, host: hostname(), startedAt: 'earlier' }));
    const lock = await acquireRunLock(directory);
    expect(JSON.parse(await readFile(lock.path, 'utf8')).pid).toBe(process.pid);
    await lock.release();
  });
});
