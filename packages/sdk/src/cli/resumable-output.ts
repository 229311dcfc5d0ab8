/**
 * Resumable JSONL output for batch classification. On open, the complete lines already in the
 * file are counted (so that many inputs can be skipped) and a trailing partial line, left by an
 * interrupted run, is cut off. New results are appended one batch per write and flushed to disk.
 */
import { open, stat, type FileHandle } from 'node:fs/promises';
import { InvalidArgumentError } from '@gliznet/common';

/** Scans `path` for complete lines. Returns the count and the byte length up to the last newline. */
export async function scanCompleteLines(path: string): Promise<{ completeLines: number; completeBytes: number; totalBytes: number }> {
  let size: number;
  try {
    size = (await stat(path)).size;
  } catch {
    return { completeLines: 0, completeBytes: 0, totalBytes: 0 };
  }
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(1 << 16);
    let completeLines = 0;
    let completeBytes = 0;
    for (let position = 0; position < size; ) {
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, position);
      if (bytesRead === 0) break;
      for (let index = 0; index < bytesRead; index += 1) {
        if (buffer[index] === 0x0a) {
          completeLines += 1;
          completeBytes = position + index + 1;
        }
      }
      position += bytesRead;
    }
    return { completeLines, completeBytes, totalBytes: size };
  } finally {
    await handle.close();
  }
}

export class ResumableJsonlWriter {
  private constructor(
    readonly path: string,
    private readonly handle: FileHandle,
    /** Complete lines found at open (results of a previous run, kept). */
    readonly resumedLines: number,
    /** Bytes of a trailing partial line that were dropped at open. */
    readonly droppedBytes: number,
  ) {}

  /**
   * Opens `path` for appending. With `overwrite`, an existing file is emptied; otherwise its
   * complete lines are kept and counted and a partial last line is truncated away.
   */
  static async open(path: string, options: { overwrite?: boolean } = {}): Promise<ResumableJsonlWriter> {
    let handle: FileHandle;
    try {
      handle = await open(path, options.overwrite === true ? 'w' : 'a+');
    } catch (error) {
      throw new InvalidArgumentError('--output', `cannot open --output ${path}: ${(error as Error).message}`, { cause: error });
    }
    if (options.overwrite === true) return new ResumableJsonlWriter(path, handle, 0, 0);
    const scan = await scanCompleteLines(path);
    if (scan.completeBytes < scan.totalBytes) {
      await handle.truncate(scan.completeBytes);
      await handle.sync();
    }
    return new ResumableJsonlWriter(path, handle, scan.completeLines, scan.totalBytes - scan.completeBytes);
  }

  /** Appends one JSON line per value in a single write and flushes it to disk. */
  async append(values: readonly unknown[]): Promise<void> {
    if (values.length === 0) return;
    const text = values.map((value) => `${JSON.stringify(value)}\n`).join('');
    await this.handle.appendFile(text, 'utf8');
    await this.handle.sync();
  }

  async close(): Promise<void> {
    await this.handle.close();
  }
}
