/**
 * Before an `--output` is resumed, each result it already holds is compared with the input line it
 * claims to come from (line number, text and id), so an output made from another input, or from an
 * input edited since, is refused instead of being continued with rows of a second input.
 */
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { InvalidArgumentError } from '@gliznet/common';
import type { InputEntry } from './input-reader.js';

/** The fields of a kept output row that identify its input line. */
interface KeptRow {
  line?: unknown;
  text?: unknown;
  id?: unknown;
}

function preview(text: unknown): string {
  const value = String(text);
  return JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value);
}

function entryLine(entry: InputEntry): number {
  return entry.record !== undefined ? entry.record.line : entry.problem.line;
}

/** Why `row` does not belong to `entry`, or undefined when it does. */
function mismatch(row: KeptRow, entry: InputEntry): string | undefined {
  const line = entryLine(entry);
  if (row.line !== undefined && row.line !== line) return `it is the result of input line ${String(row.line)}, but the next input line is ${line}`;
  const record = entry.record;
  if (record === undefined) return row.text === undefined ? undefined : `it holds the text ${preview(row.text)}, but input line ${line} is not a readable record`;
  if (row.text !== undefined && row.text !== record.text) return `it holds the text ${preview(row.text)}, but input line ${line} is ${preview(record.text)}`;
  if ((row.id ?? null) !== (record.id ?? null)) return `it holds id ${JSON.stringify(row.id ?? null)}, but input line ${line} has id ${JSON.stringify(record.id ?? null)}`;
  return undefined;
}

/**
 * Reads the first `bytes` bytes of `output` (its complete lines) and checks each row against the
 * next entry of `entries`, consuming one entry per row. Throws InvalidArgumentError naming the
 * first row that does not match, or the input running out first; the fix is --overwrite.
 */
export async function verifyKeptRows(output: string, bytes: number, entries: AsyncIterator<InputEntry>, context: { input: string }): Promise<void> {
  if (bytes === 0) return;
  const source = context.input === '-' ? 'stdin' : context.input;
  const advice = `Use --overwrite to start ${output} again from this input, or another --output.`;
  const lines = createInterface({ input: createReadStream(output, { encoding: 'utf8', start: 0, end: bytes - 1 }), crlfDelay: Infinity });
  let outputLine = 0;
  try {
    for await (const text of lines) {
      outputLine += 1;
      let row: KeptRow;
      try {
        row = JSON.parse(text) as KeptRow;
      } catch {
        throw new InvalidArgumentError('--output', `${output} line ${outputLine} is not a JSON result row, so ${output} cannot be resumed. ${advice}`);
      }
      const next = await entries.next();
      if (next.done === true) {
        throw new InvalidArgumentError('--output', `${output} already holds ${outputLine} or more results but ${source} has only ${outputLine - 1} texts; is it the output of another input? ${advice}`);
      }
      const reason = typeof row === 'object' && row !== null ? mismatch(row, next.value) : 'it is not a JSON object';
      if (reason !== undefined) {
        throw new InvalidArgumentError('--output', `${output} line ${outputLine} was not made from ${source}: ${reason}. ${advice}`);
      }
    }
  } finally {
    lines.close();
  }
}
