import { randomBytes } from 'node:crypto';
import { mkdir, open, rename, rm, stat, truncate, type FileHandle } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { InvalidArgumentError } from '@gliznet/common';
import { checkRecord, recordToJsonLine, type TrainingRecord } from './record.js';

/** Options of {@link openRecordWriter}. */
export interface RecordWriterOptions {
  /**
   * `'create'` (default): records go to a temporary file beside `path`, renamed over `path` by
   * `commit()`; until then an existing file at `path` is untouched, and `abort()` leaves it as it was.
   * `'append'`: records are appended to `path` (created when missing); a trailing partial line left
   * by an interrupted run is dropped first, so every line in the file is complete.
   */
  mode?: 'create' | 'append';
  /** Validate each record before writing (default true); an invalid record throws `InvalidArgumentError`. */
  validate?: boolean;
}

/** Writes records as JSON lines. */
export interface RecordWriter {
  /** The file the records end up in. */
  readonly path: string;
  /** Bytes of a partial trailing line dropped when opening in append mode (0 otherwise). */
  readonly droppedPartialBytes: number;
  /** Records written by this writer so far. */
  readonly written: number;
  /** Appends records; all of them go out in one write, each as one complete line. */
  write(records: readonly TrainingRecord[]): Promise<void>;
  /** Flushes to disk (fsync). */
  flush(): Promise<void>;
  /** Finishes: in create mode, atomically replaces `path` with the new file; in append mode, flushes and closes. */
  commit(): Promise<void>;
  /** Gives up: in create mode the temporary file is removed and `path` is left as it was. */
  abort(): Promise<void>;
}

/**
 * Finds the byte length of the complete-line prefix of a file (everything up to and including the
 * last newline). Reads backwards in chunks, so it is cheap on large files.
 */
export async function completeLinesLength(path: string): Promise<number> {
  const handle = await open(path, 'r');
  try {
    const { size } = await handle.stat();
    const chunkSize = 64 * 1024;
    let end = size;
    const buffer = Buffer.alloc(chunkSize);
    while (end > 0) {
      const start = Math.max(0, end - chunkSize);
      const { bytesRead } = await handle.read(buffer, 0, end - start, start);
      const newline = buffer.subarray(0, bytesRead).lastIndexOf(0x0a);
      if (newline >= 0) return start + newline + 1;
      end = start;
    }
    return 0;
  } finally {
    await handle.close();
  }
}

async function fileSize(path: string): Promise<number | undefined> {
  try {
    return (await stat(path)).size;
  } catch {
    return undefined;
  }
}

/** Opens a record writer; see {@link RecordWriterOptions} for the two modes. */
export async function openRecordWriter(path: string, options: RecordWriterOptions = {}): Promise<RecordWriter> {
  const mode = options.mode ?? 'create';
  const validate = options.validate ?? true;
  await mkdir(dirname(path), { recursive: true });
  let droppedPartialBytes = 0;
  let targetPath = path;
  if (mode === 'append') {
    const size = await fileSize(path);
    if (size !== undefined && size > 0) {
      const keep = await completeLinesLength(path);
      if (keep < size) {
        droppedPartialBytes = size - keep;
        await truncate(path, keep);
      }
    }
  } else {
    targetPath = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
  }
  const handle: FileHandle = await open(targetPath, mode === 'append' ? 'a' : 'w');
  let written = 0;
  let closed = false;

  const ensureOpen = (): void => {
    if (closed) throw new InvalidArgumentError('writer', `The record writer for ${path} is already closed.`);
  };

  return {
    path,
    droppedPartialBytes,
    get written() {
      return written;
    },
    async write(records) {
      ensureOpen();
      if (records.length === 0) return;
      let chunk = '';
      for (const [index, record] of records.entries()) {
        if (validate) {
          const check = checkRecord(record);
          if (!check.ok) {
            throw new InvalidArgumentError(`records[${index}]`, `Cannot write an invalid record to ${path}: ${check.reason}.`);
          }
        }
        chunk += `${recordToJsonLine(record)}\n`;
      }
      await handle.write(chunk);
      written += records.length;
    },
    async flush() {
      ensureOpen();
      await handle.sync();
    },
    async commit() {
      ensureOpen();
      closed = true;
      await handle.sync();
      await handle.close();
      if (mode === 'create') {
        try {
          await rename(targetPath, path);
        } catch (error) {
          await rm(targetPath, { force: true });
          throw error;
        }
      }
    },
    async abort() {
      if (closed) return;
      closed = true;
      await handle.close();
      if (mode === 'create') await rm(targetPath, { force: true });
    },
  };
}

/** Writes `records` to `path` atomically (create mode, validated). */
export async function writeRecordFile(path: string, records: readonly TrainingRecord[]): Promise<void> {
  const writer = await openRecordWriter(path);
  try {
    await writer.write(records);
  } catch (error) {
    await writer.abort();
    throw error;
  }
  await writer.commit();
}
