/**
 * Streaming readers for `--input`: JSONL (one object per line with a `text` field, optionally
 * `candidate_labels` and `id`) or plain text (one text per line), from a file or stdin (`-`).
 * Blank lines are skipped (records keep their line numbers); malformed lines are DataFormatErrors
 * with file and line number, thrown, or yielded as problems for `--on-error skip`.
 */
import { createReadStream } from 'node:fs';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { DataFormatError, InvalidArgumentError } from '@gliznet/common';

export type InputFormat = 'jsonl' | 'txt';

/** One text to classify. */
export interface InputRecord {
  text: string;
  /** Per-record candidate labels (JSONL `candidate_labels`), overriding `--labels`. */
  candidateLabels?: string[];
  /** The record's `id`, passed through to the output when present. */
  id?: string | number;
  /** 1-based line number in the input. */
  line: number;
}

/** Format from a file name: `.jsonl`/`.json`/`.ndjson` -> jsonl, anything else -> txt; `undefined` for stdin. */
export function formatFromPath(path: string): InputFormat | undefined {
  if (path === '-') return undefined;
  return /\.(jsonl|ndjson|json)$/i.test(path) ? 'jsonl' : 'txt';
}

/** Parses one JSONL line into a record; throws DataFormatError naming file and line. */
export function parseJsonlRecord(lineText: string, options: { file: string; line: number; textField: string }): InputRecord {
  let value: unknown;
  try {
    value = JSON.parse(lineText);
  } catch (error) {
    throw new DataFormatError(options.file, `${options.file}:${options.line}: not valid JSON (${(error as Error).message})`, { line: options.line });
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new DataFormatError(options.file, `${options.file}:${options.line}: expected a JSON object with a "${options.textField}" field`, { line: options.line });
  }
  const record = value as Record<string, unknown>;
  const text = record[options.textField];
  if (typeof text !== 'string') {
    throw new DataFormatError(options.file, `${options.file}:${options.line}: field "${options.textField}" must be a string, got ${text === undefined ? 'nothing' : typeof text} (choose another field with --text-field)`, { line: options.line });
  }
  const result: InputRecord = { text, line: options.line };
  const candidates = record['candidate_labels'];
  if (candidates !== undefined) {
    if (!Array.isArray(candidates) || candidates.length === 0 || !candidates.every((label) => typeof label === 'string')) {
      throw new DataFormatError(options.file, `${options.file}:${options.line}: "candidate_labels" must be a non-empty array of strings`, { line: options.line });
    }
    result.candidateLabels = candidates as string[];
  }
  const id = record['id'];
  if (typeof id === 'string' || typeof id === 'number') result.id = id;
  return result;
}

/** A line that could not be read as a record (`readInputEntries` with `invalid: 'yield'`). */
export interface InputProblem {
  /** 1-based line number in the input. */
  line: number;
  error: DataFormatError;
}

/** What `readInputEntries` yields: a record, or (with `invalid: 'yield'`) a line that is not one. */
export type InputEntry = { record: InputRecord; problem?: undefined } | { record?: undefined; problem: InputProblem };

export interface ReadInputOptions {
  /** `jsonl` or `txt`; default from the file extension, and for stdin from the first non-blank line (`{` -> jsonl). */
  format?: InputFormat;
  /** JSONL field holding the text. Default `text`. */
  textField?: string;
  /** Stream used for `-`. Default process.stdin. */
  stdin?: Readable;
}

/** Opens `path` for reading; a missing or unreadable file is an InvalidArgumentError naming `--input` and the path. */
async function openInputFile(path: string): Promise<Readable> {
  const fileStream = createReadStream(path, { encoding: 'utf8' });
  await new Promise<void>((resolveOpen, rejectOpen) => {
    fileStream.once('open', () => resolveOpen());
    fileStream.once('error', (error: NodeJS.ErrnoException) => rejectOpen(inputFileError(path, error)));
  });
  return fileStream;
}

/** The error for an --input file that cannot be opened, naming the flag, the path and the fix. */
export function inputFileError(path: string, error: NodeJS.ErrnoException): InvalidArgumentError {
  const where = resolve(path);
  const reason = error.code === 'ENOENT' ? `no such file (looked for ${where})` : error.code === 'EISDIR' ? 'it is a directory' : error.message;
  return new InvalidArgumentError('--input', `cannot read --input ${path}: ${reason}; give the path of a .jsonl or .txt file, or - for stdin`, { cause: error });
}

/** Yields the records of `path` (`-` = stdin) one at a time, in order. Malformed lines throw a DataFormatError. */
export async function* readInputRecords(path: string, options: ReadInputOptions = {}): AsyncGenerator<InputRecord> {
  for await (const entry of readInputEntries(path, { ...options, invalid: 'throw' })) {
    if (entry.record !== undefined) yield entry.record;
  }
}

/**
 * Yields every non-blank line of `path` (`-` = stdin) in order: a record, or with `invalid:
 * 'yield'` a problem for a line that is not one (malformed JSON, no text field). `invalid: 'throw'`
 * (default) throws the line's DataFormatError instead.
 */
export async function* readInputEntries(path: string, options: ReadInputOptions & { invalid?: 'throw' | 'yield' } = {}): AsyncGenerator<InputEntry> {
  const textField = options.textField ?? 'text';
  const file = path === '-' ? '<stdin>' : path;
  let format = options.format ?? formatFromPath(path);
  const stream = path === '-' ? (options.stdin ?? process.stdin) : await openInputFile(path);
  const lines = createInterface({ input: stream, crlfDelay: Infinity });
  let lineNumber = 0;
  try {
    for await (const rawLine of lines) {
      lineNumber += 1;
      const lineText = lineNumber === 1 ? rawLine.replace(/^\uFEFF/, '') : rawLine;
      if (lineText.trim() === '') continue;
      format ??= lineText.trimStart().startsWith('{') ? 'jsonl' : 'txt';
      if (format === 'txt') {
        yield { record: { text: lineText, line: lineNumber } };
        continue;
      }
      let entry: InputEntry;
      try {
        entry = { record: parseJsonlRecord(lineText, { file, line: lineNumber, textField }) };
      } catch (error) {
        if (options.invalid !== 'yield' || !DataFormatError.isInstance(error)) throw error;
        entry = { problem: { line: lineNumber, error } };
      }
      yield entry;
    }
  } finally {
    lines.close();
    if (path !== '-') stream.destroy();
  }
}

/** Number of non-blank lines of a file (the number of records, for the progress bar's total). */
export async function countInputRecords(path: string): Promise<number> {
  const lines = createInterface({ input: await openInputFile(path), crlfDelay: Infinity });
  let count = 0;
  for await (const line of lines) if (line.trim() !== '') count += 1;
  return count;
}
