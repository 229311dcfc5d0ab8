import { readFile, stat, truncate } from 'node:fs/promises';
import { completeLinesLength } from '../records/record-writer.js';

/** What an existing synthesis output holds, after repairing an interrupted write. */
export interface SynthesisOutputScan {
  /** Batch key -> records of that batch found in the file (complete batches only). */
  completed: Map<string, number>;
  /** Bytes of a trailing partial line that were cut off. */
  droppedPartialBytes: number;
  /** Records of an incomplete last batch that were cut off (that batch is generated again). */
  droppedIncompleteRecords: number;
  /** Lines that are not JSON or carry no batch key (left as they are). */
  foreignLines: number;
}

/**
 * Scans a synthesis output file (JSON lines whose `meta` has `batch` and `batchRecords`) so that a
 * restarted run can skip finished batches. Repairs the tail: a partial last line is cut off, and so
 * are the records of a last batch that was only partly written. Batches are written in one append
 * each, so only the last one can be incomplete.
 */
export async function scanSynthesisOutput(file: string): Promise<SynthesisOutputScan> {
  const scan: SynthesisOutputScan = { completed: new Map(), droppedPartialBytes: 0, droppedIncompleteRecords: 0, foreignLines: 0 };
  let size: number;
  try {
    size = (await stat(file)).size;
  } catch {
    return scan;
  }
  const keep = await completeLinesLength(file);
  if (keep < size) {
    scan.droppedPartialBytes = size - keep;
    await truncate(file, keep);
  }
  const buffer = (await readFile(file)).subarray(0, keep);
  const counts = new Map<string, { found: number; expected: number }>();
  let lastKey: string | undefined;
  let lastKeyStart = 0;
  for (let start = 0; start < buffer.length; ) {
    const end = buffer.indexOf(0x0a, start);
    const lineEnd = end < 0 ? buffer.length : end;
    const line = buffer.subarray(start, lineEnd).toString('utf8');
    let key: string | undefined;
    let expected = 0;
    try {
      const meta = (JSON.parse(line) as { meta?: { batch?: unknown; batchRecords?: unknown } }).meta;
      if (typeof meta?.batch === 'string' && typeof meta.batchRecords === 'number') {
        key = meta.batch;
        expected = meta.batchRecords;
      }
    } catch {
      key = undefined;
    }
    if (key === undefined) {
      if (line.trim() !== '') scan.foreignLines += 1;
    } else {
      const entry = counts.get(key) ?? { found: 0, expected };
      entry.found += 1;
      counts.set(key, entry);
      if (key !== lastKey) {
        lastKey = key;
        lastKeyStart = start;
      }
    }
    start = lineEnd + 1;
  }
  if (lastKey !== undefined) {
    const last = counts.get(lastKey);
    if (last !== undefined && last.found < last.expected) {
      await truncate(file, lastKeyStart);
      scan.droppedIncompleteRecords = last.found;
      counts.delete(lastKey);
    }
  }
  for (const [key, entry] of counts) scan.completed.set(key, entry.found);
  return scan;
}
