/** SHA-256 hashes of the files a system reads, for the results' provenance block. */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { ModelLoadError } from '@gliznet/common';
import type { ModelFile } from '../systems/zero-shot-system.js';

/** Streams a file through SHA-256. Throws ModelLoadError naming the file when it cannot be read. */
export async function hashFile(path: string): Promise<ModelFile> {
  try {
    const { size } = await stat(path);
    const hash = createHash('sha256');
    for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
    return { path, sha256: hash.digest('hex'), bytes: size };
  } catch (error) {
    throw new ModelLoadError(path, `cannot hash ${path}: ${(error as Error).message}`, { cause: error });
  }
}

/** Hashes several files in order. */
export async function hashFiles(paths: readonly string[]): Promise<ModelFile[]> {
  const files: ModelFile[] = [];
  for (const path of paths) files.push(await hashFile(path));
  return files;
}
