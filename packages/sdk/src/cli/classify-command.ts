/**
 * `gliznet classify`: texts from the command line (table or --json on stdout) or a streamed
 * --input file (JSON lines to --output or stdout, resumable, with progress on stderr).
 */
import { DataFormatError, InvalidArgumentError, createProgressReporter, type ProgressStream } from '@gliznet/common';
import type { ClassificationResult } from '../classification-types.js';
import type { ClassifyOptions } from '../classify-options.js';
import type { ClassifyCommand } from './classify-arguments.js';
import { countInputRecords, readInputRecords, type InputRecord } from './input-reader.js';
import { readLabelsFile } from './labels-argument.js';
import { ResumableJsonlWriter } from './resumable-output.js';

/** What the command needs from a classifier (ZeroShotClassifier, or a test double). */
export interface CliClassifier {
  classify(texts: readonly string[], labels: readonly (readonly string[])[], options?: ClassifyOptions): Promise<ClassificationResult[]>;
  dispose(): Promise<void>;
}

export interface CliIo {
  stdout: { write(text: string): unknown };
  stderr: ProgressStream;
  stdin?: NodeJS.ReadableStream;
}

/** Records are classified this many batches at a time, so length sorting has room to work. */
const BATCHES_PER_ROUND = 4;

/** One output line: the result, plus the input's position and id. */
export function toOutputRecord(result: ClassificationResult, index: number, id: string | number | undefined): Record<string, unknown> {
  return { index, ...(id === undefined ? {} : { id }), text: result.text, labels: result.labels, scores: result.scores, truncated: result.truncated };
}

/** Human-readable rendering of one result. */
export function formatResultTable(result: ClassificationResult): string {
  const preview = result.text.length > 100 ? `${result.text.slice(0, 97)}...` : result.text;
  const lines = [`${JSON.stringify(preview)}${result.truncated ? '  (truncated: the text was cut to fit the window)' : ''}`];
  if (result.labels.length === 0) lines.push('  (no label reached the threshold)');
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

async function resolveLabels(command: ClassifyCommand): Promise<string[] | undefined> {
  if (command.labels !== undefined) return command.labels;
  if (command.labelsFile !== undefined) return readLabelsFile(command.labelsFile);
  return undefined;
}

/** Runs `gliznet classify` with a loaded classifier. Returns the exit code. */
export async function runClassifyCommand(command: ClassifyCommand, classifier: CliClassifier, io: CliIo): Promise<number> {
  const labels = await resolveLabels(command);
  const batchSize = command.classifyOptions.batchSize ?? 32;
  if (command.input === undefined) {
    const results = await classifier.classify(command.texts, command.texts.map(() => labels as string[]), command.classifyOptions);
    results.forEach((result, index) => io.stdout.write(command.json ? `${JSON.stringify(toOutputRecord(result, index, undefined))}\n` : formatResultTable(result)));
    return 0;
  }

  const writer = command.output === undefined ? undefined : await ResumableJsonlWriter.open(command.output, { overwrite: command.overwrite });
  try {
    const skip = writer?.resumedLines ?? 0;
    if (writer !== undefined && (skip > 0 || writer.droppedBytes > 0)) {
      io.stderr.write(`resuming ${command.output}: ${skip} results kept${writer.droppedBytes > 0 ? `, dropped a partial last line (${writer.droppedBytes} bytes)` : ''}\n`);
    }
    const total = command.input === '-' ? undefined : await countInputRecords(command.input);
    if (total !== undefined && skip > total) {
      throw new InvalidArgumentError('--output', `${command.output} already holds ${skip} results but ${command.input} has only ${total} texts; is it the output of another input? Use --overwrite to start again`);
    }
    const progress = command.progress ? createProgressReporter({ label: 'classify', unit: 'texts', stream: io.stderr, initial: skip, ...(total === undefined ? {} : { total }) }) : undefined;
    const emit = async (records: readonly InputRecord[], firstIndex: number): Promise<void> => {
      const missing = records.find((record) => record.candidateLabels === undefined && labels === undefined);
      if (missing !== undefined) {
        throw new InvalidArgumentError('--labels', `${command.input} line ${missing.line} has no "candidate_labels" and no --labels / --labels-file was given`);
      }
      let results: ClassificationResult[];
      try {
        results = await classifier.classify(records.map((record) => record.text), records.map((record) => record.candidateLabels ?? (labels as string[])), command.classifyOptions);
      } catch (error) {
        throw attributeToRecord(error, records, command.input as string);
      }
      const lines = results.map((result, offset) => toOutputRecord(result, firstIndex + offset, (records[offset] as InputRecord).id));
      if (writer !== undefined) await writer.append(lines);
      else io.stdout.write(lines.map((line) => `${JSON.stringify(line)}\n`).join(''));
    };

    let index = 0;
    let pending: InputRecord[] = [];
    let pendingStart = skip;
    const inputOptions = { textField: command.textField, ...(command.inputFormat === undefined ? {} : { format: command.inputFormat }), ...(io.stdin === undefined ? {} : { stdin: io.stdin as never }) };
    for await (const record of readInputRecords(command.input, inputOptions)) {
      index += 1;
      if (index <= skip) continue;
      pending.push(record);
      if (pending.length >= batchSize * BATCHES_PER_ROUND) {
        await emit(pending, pendingStart);
        pendingStart += pending.length;
        pending = [];
        progress?.update(pendingStart);
      }
    }
    if (pending.length > 0) {
      await emit(pending, pendingStart);
      pendingStart += pending.length;
      progress?.update(pendingStart);
    }
    progress?.finish();
    return 0;
  } finally {
    await writer?.close();
  }
}
