/** Reads the `text` field of the shared evaluation datasets (`<shared>/datasets/*.jsonl`). */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DataFormatError } from '@gliznet/common';
import { sharedDirectory } from './repository-paths.js';

/**
 * Texts of every `*.jsonl` dataset (or of `files` only), in file-name order; `perFile` takes the
 * first N lines of each file (all when omitted).
 */
export async function readDatasetTexts(options: { perFile?: number; directory?: string; files?: readonly string[] } = {}): Promise<string[]> {
  const directory = options.directory ?? join(sharedDirectory(), 'datasets');
  const files = options.files === undefined ? (await readdir(directory)).filter((name) => name.endsWith('.jsonl')).sort() : [...options.files];
  const texts: string[] = [];
  for (const name of files) {
    const path = join(directory, name);
    const lines = (await readFile(path, 'utf8')).split('\n');
    const limit = options.perFile ?? lines.length;
    let taken = 0;
    for (const [index, line] of lines.entries()) {
      if (taken >= limit) break;
      if (line.trim() === '') continue;
      let record: unknown;
      try {
        record = JSON.parse(line);
      } catch (error) {
        throw new DataFormatError(path, `line ${index + 1} is not JSON: ${(error as Error).message}`, { line: index + 1, cause: error });
      }
      const text = (record as { text?: unknown }).text;
      if (typeof text !== 'string') throw new DataFormatError(path, `line ${index + 1} has no string "text"`, { line: index + 1 });
      texts.push(text);
      taken += 1;
    }
  }
  return texts;
}
