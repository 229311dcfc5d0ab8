/**
 * Evaluation datasets: `NAME.jsonl` with one `{"text": "...", "labels": ["..."]}` per line and
 * `NAME.meta.json` beside it: `{ name, labels: [...] (the candidate labels, in order), multi_label, size }`.
 */
import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { DataFormatError, InvalidArgumentError, createSeededRandom } from '@gliznet/common';

export interface EvaluationRow {
  text: string;
  /** Gold labels, each one of the dataset's candidate labels. */
  labels: string[];
}

export interface EvaluationDataset {
  name: string;
  /** Candidate labels in the meta file's order. */
  labels: string[];
  multiLabel: boolean;
  rows: EvaluationRow[];
  /** The JSONL file read. */
  path: string;
}

function metaPathFor(jsonlPath: string): string {
  const name = basename(jsonlPath).replace(/\.jsonl$/i, '');
  return join(dirname(jsonlPath), `${name}.meta.json`);
}

/**
 * Reads a dataset and its meta file. Every row is checked: a malformed line or a gold label that is
 * not among the meta file's candidates is a DataFormatError naming the file and line.
 */
export async function readEvaluationDataset(jsonlPath: string): Promise<EvaluationDataset> {
  if (!/\.jsonl$/i.test(jsonlPath)) throw new InvalidArgumentError('path', `evaluation dataset "${jsonlPath}" must be a .jsonl file with a .meta.json beside it`);
  const metaPath = metaPathFor(jsonlPath);
  let meta: { name?: unknown; labels?: unknown; multi_label?: unknown };
  try {
    meta = JSON.parse(await readFile(metaPath, 'utf8')) as typeof meta;
  } catch (error) {
    throw new DataFormatError(metaPath, `cannot read the dataset's meta file ${metaPath}: ${(error as Error).message}. It must list the candidate labels: {"name": ..., "labels": [...], "multi_label": false}`, { cause: error });
  }
  if (!Array.isArray(meta.labels) || meta.labels.length === 0 || !meta.labels.every((label) => typeof label === 'string' && label.trim() !== '')) {
    throw new DataFormatError(metaPath, `${metaPath}: "labels" must be a non-empty array of non-empty strings`);
  }
  const labels = meta.labels as string[];
  const known = new Set(labels);
  const rows: EvaluationRow[] = [];
  const lines = createInterface({ input: createReadStream(jsonlPath, 'utf8'), crlfDelay: Infinity });
  let lineNumber = 0;
  try {
    for await (const line of lines) {
      lineNumber += 1;
      if (line.trim() === '') continue;
      let parsed: { text?: unknown; labels?: unknown };
      try {
        parsed = JSON.parse(line) as typeof parsed;
      } catch (error) {
        throw new DataFormatError(jsonlPath, `${jsonlPath}:${lineNumber}: not valid JSON (${(error as Error).message})`, { line: lineNumber });
      }
      if (typeof parsed.text !== 'string' || !Array.isArray(parsed.labels) || !parsed.labels.every((label) => typeof label === 'string')) {
        throw new DataFormatError(jsonlPath, `${jsonlPath}:${lineNumber}: expected {"text": string, "labels": string[]}`, { line: lineNumber });
      }
      const unknown = (parsed.labels as string[]).filter((label) => !known.has(label));
      if (unknown.length > 0) {
        throw new DataFormatError(jsonlPath, `${jsonlPath}:${lineNumber}: label(s) ${unknown.map((l) => JSON.stringify(l)).join(', ')} not among the candidates in ${metaPath}`, { line: lineNumber });
      }
      rows.push({ text: parsed.text, labels: parsed.labels as string[] });
    }
  } catch (error) {
    if (DataFormatError.isInstance(error)) throw error;
    throw new DataFormatError(jsonlPath, `cannot read ${jsonlPath}: ${(error as Error).message}`, { cause: error });
  }
  return {
    name: typeof meta.name === 'string' ? meta.name : basename(jsonlPath, '.jsonl'),
    labels,
    multiLabel: meta.multi_label === true,
    rows,
    path: jsonlPath,
  };
}

/**
 * A reproducible subset: `limit` rows drawn without replacement with the seeded PRNG, kept in file
 * order. Returns all rows when `limit` is undefined or at least the row count.
 */
export function sampleRows<T>(rows: readonly T[], options: { limit?: number; seed?: number } = {}): T[] {
  const { limit, seed = 1 } = options;
  if (limit === undefined || limit >= rows.length) return [...rows];
  if (!Number.isInteger(limit) || limit <= 0) throw new InvalidArgumentError('limit', `limit must be a positive integer, got ${limit}`);
  const indices = createSeededRandom(seed).shuffle(rows.map((_, index) => index)).slice(0, limit).sort((a, b) => a - b);
  return indices.map((index) => rows[index]!);
}
