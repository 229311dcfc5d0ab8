import { DataFormatError } from '@gliznet/common';
import { readJsonLines } from './json-lines.js';
import { checkRecord, type TrainingRecord } from './record.js';

/** A line that is not a valid record. */
export interface RecordProblem {
  file: string;
  /** 1-based line number. */
  line: number;
  reason: string;
}

/** Options of {@link readRecords}. */
export interface ReadRecordsOptions {
  /**
   * What to do with a bad line: `'stop'` (default) throws a `DataFormatError` naming file and line;
   * `'skip'` reports it to `onProblem` and continues.
   */
  onInvalid?: 'stop' | 'skip';
  /** Called for every bad line (before stopping, when `onInvalid` is `'stop'`). */
  onProblem?: (problem: RecordProblem) => void;
}

/** A record with the line it came from. */
export interface RecordAtLine {
  record: TrainingRecord;
  line: number;
}

/** Formats a problem as `file:line: reason`. */
export function formatRecordProblem(problem: RecordProblem): string {
  return `${problem.file}:${problem.line}: ${problem.reason}`;
}

/**
 * Streams the records of a JSON-lines file, validating each line against the record format.
 * Memory stays constant, so files of any size can be read.
 */
export async function* readRecords(file: string, options: ReadRecordsOptions = {}): AsyncGenerator<RecordAtLine> {
  const onInvalid = options.onInvalid ?? 'stop';
  for await (const entry of readJsonLines(file)) {
    const check = entry.error === undefined ? checkRecord(entry.value) : { ok: false as const, reason: entry.error };
    if (check.ok) {
      yield { record: check.record, line: entry.line };
      continue;
    }
    const problem: RecordProblem = { file, line: entry.line, reason: check.reason };
    options.onProblem?.(problem);
    if (onInvalid === 'stop') {
      throw new DataFormatError(file, `${formatRecordProblem(problem)} (pass onInvalid: 'skip' to skip bad lines)`, { line: entry.line });
    }
  }
}

/** Reads a whole record file into memory; returns the records and every skipped problem. */
export async function readRecordFile(
  file: string,
  options: ReadRecordsOptions = {},
): Promise<{ records: TrainingRecord[]; problems: RecordProblem[] }> {
  const records: TrainingRecord[] = [];
  const problems: RecordProblem[] = [];
  for await (const entry of readRecords(file, {
    ...options,
    onProblem: (problem) => {
      problems.push(problem);
      options.onProblem?.(problem);
    },
  })) {
    records.push(entry.record);
  }
  return { records, problems };
}
