/**
 * The rows `gliznet classify` writes: one JSON object per result, or per input line that could not
 * be classified (`--on-error skip`), and the table shown for texts given as arguments.
 */
import type { GliznetError} from '@gliznet/common';
import { DataFormatError, InvalidArgumentError } from '@gliznet/common';
import type { ClassificationResult } from '../classification-types.js';
import type { InputRecord } from './input-reader.js';

/**
 * One output line: the result, plus the input's position (`index`, 0-based among the input's
 * records), its 1-based line in the input file (`line`, when read from --input) and its id.
 */
export function toOutputRecord(result: ClassificationResult, index: number, id: string | number | undefined, line?: number): Record<string, unknown> {
  return {
    index,
    ...(line === undefined ? {} : { line }),
    ...(id === undefined ? {} : { id }),
    text: result.text,
    labels: result.labels,
    scores: result.scores,
    truncated: result.truncated,
  };
}

/** The row written instead of a result for an input line that could not be classified (`--on-error skip`). */
export function toErrorRecord(index: number, line: number, error: GliznetError, record?: InputRecord): Record<string, unknown> {
  return {
    index,
    line,
    ...(record?.id === undefined ? {} : { id: record.id }),
    ...(record === undefined ? {} : { text: record.text }),
    error: { code: error.code, message: error.message },
  };
}

/** Human-readable rendering of one result. */
export function formatResultTable(result: ClassificationResult): string {
  const preview = result.text.length > 100 ? `${result.text.slice(0, 97)}...` : result.text;
  const lines = [`${JSON.stringify(preview)}${result.truncated ? '  (truncated: the text was cut to fit the window)' : ''}`];
  if (result.labels.length === 0) lines.push('  (no label reached the threshold: lower it with --threshold)');
  const width = Math.max(...result.labels.map((label) => label.length), 0);
  result.labels.forEach((label, index) => lines.push(`  ${label.padEnd(width)}  ${(result.scores[index] as number).toFixed(4)}`));
  return `${lines.join('\n')}\n`;
}

/**
 * Turns an InvalidArgumentError about `texts[i]` / `labels[i]...` of a group of records (the CLI
 * always passes one label list per record) into a DataFormatError naming the input file and line.
 */
export function attributeToRecord(error: unknown, records: readonly InputRecord[], file: string): unknown {
  if (!InvalidArgumentError.isInstance(error)) return error;
  const match = /^(?:texts|labels)\[(\d+)\]/.exec(error.argument);
  const record = match === null ? undefined : records[Number(match[1])];
  if (record === undefined) return error;
  const source = file === '-' ? '<stdin>' : file;
  const message = error.message.replace(/^(texts|labels)\[\d+\]/, (name) => (name.startsWith('texts') ? 'the text' : 'the labels'));
  return new DataFormatError(source, `${source}:${record.line}: ${message}`, { line: record.line, cause: error });
}
