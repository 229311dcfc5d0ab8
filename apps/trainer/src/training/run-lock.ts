/**
 * One training process per output directory. `acquireRunLock(dir)` creates `dir/.lock` exclusively
 * (pid, host, start time); a second process on the same directory gets a ConfigurationError naming
 * the first, instead of both writing checkpoints, metrics.jsonl and run.json into one run. A lock
 * left by a process that no longer exists (same host, pid gone) is taken over.
 */
import { open, readFile, rm } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { ConfigurationError } from '@gliznet/common';

export interface RunLock {
  path: string;
  release(): Promise<void>;
}

interface LockOwner {
  pid: number;
  host: string;
  startedAt: string;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function readOwner(path: string): Promise<LockOwner | null> {
  try {
    const owner = JSON.parse(await readFile(path, 'utf8')) as Partial<LockOwner>;
    return typeof owner.pid === 'number' && typeof owner.host === 'string' ? { pid: owner.pid, host: owner.host, startedAt: String(owner.startedAt) } : null;
  } catch {
    return null;
  }
}

export async function acquireRunLock(directory: string): Promise<RunLock> {
  const path = join(directory, '.lock');
  const owner: LockOwner = { pid: process.pid, host: hostname(), startedAt: new Date().toISOString() };
  for (let attempt = 0; attempt < 2; attempt += 1) {
    try {
      const handle = await open(path, 'wx');
      await handle.writeFile(`${JSON.stringify(owner)}\n`);
      await handle.close();
      return { path, release: () => rm(path, { force: true }) };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const holder = await readOwner(path);
    const stale = holder !== null && holder.host === owner.host && !isAlive(holder.pid);
    if (!stale) {
      const who = holder === null ? 'another process' : `process ${holder.pid} on ${holder.host} (since ${holder.startedAt})`;
      throw new ConfigurationError(
        `${directory} is in use by ${who}: two trainings must not write one run directory. ` +
          `Wait for it to finish, stop it (Ctrl-C saves a checkpoint), or pass another --out; delete ${path} only if no such process runs.`,
      );
    }
    await rm(path, { force: true });
  }
  throw new ConfigurationError(`could not take the lock ${path}; another process keeps creating it`);
}
