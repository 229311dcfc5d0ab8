/**
 * `gliznet classify --input`: records stream from a file or stdin through the classifier in groups
 * and leave as JSON lines on stdout or in `--output`. An existing `--output` is resumed only when
 * its `.gliznet.json` says it was made with the same labels, model and options and each kept row
 * matches its input line; it is never the input itself.
 */
import { DataFormatError, InvalidArgumentError, createProgressReporter, type GliznetError } from '@gliznet/common';
import type { ClassifyCommand } from './classify-arguments.js';
import { classifyGroup, type GroupClassifier } from './classify-group.js';
import { countInputRecords, readInputEntries, type InputEntry, type InputRecord } from './input-reader.js';
import { verifyKeptRows } from './kept-rows.js';
import { describeRun, provenanceDifferences, provenancePath, readProvenance, writeProvenance, type ModelIdentity, type OutputProvenance } from './output-provenance.js';
import { toErrorRecord, toOutputRecord } from './output-rows.js';
import { ResumableJsonlWriter, scanCompleteLines } from './resumable-output.js';
import { checkOutputIsNotInput } from './same-file.js';
import type { CliIo } from './cli-io.js';
import { plural } from './plural.js';

/** Records are classified this many batches at a time, so length sorting has room to work. */
const BATCHES_PER_ROUND = 4;

/** What the existing --output holds and whether this run may continue it. */
interface OutputPlan {
  provenance: OutputProvenance;
  /** True: start the file (and its sidecar) afresh. */
  fresh: boolean;
  keptLines: number;
  keptBytes: number;
}

async function planOutput(output: string, overwrite: boolean, provenance: OutputProvenance): Promise<OutputPlan> {
  const scan = await scanCompleteLines(output);
  if (overwrite || scan.totalBytes === 0) return { provenance, fresh: true, keptLines: 0, keptBytes: 0 };
  const found = await readProvenance(output);
  const held = plural(scan.completeLines, 'result');
  if (found === undefined) {
    throw new InvalidArgumentError(
      '--output',
      `${output} already holds ${held} but no ${provenancePath(output)} saying which input, labels, model and options made them, so they cannot be resumed safely. Use --overwrite to start ${output} again, or another --output.`,
    );
  }
  const differences = provenanceDifferences(found, provenance);
  if (differences.length > 0) {
    throw new InvalidArgumentError(
      '--output',
      `${output} (${held}) was made with other settings than this run, and resuming would mix both in one file:\n  - ${differences.join('\n  - ')}\nUse --overwrite to start ${output} again with these settings, or another --output.`,
    );
  }
  return { provenance, fresh: false, keptLines: scan.completeLines, keptBytes: scan.completeBytes };
}

function entryLine(entry: InputEntry): number {
  return entry.record !== undefined ? entry.record.line : entry.problem.line;
}

/** Runs `gliznet classify --input` with a loaded classifier. Returns the exit code. */
export async function runBatchClassify(command: ClassifyCommand & { input: string }, classifier: GroupClassifier & ModelIdentity, io: CliIo, labels: string[] | undefined): Promise<number> {
  const { input, output } = command;
  const source = input === '-' ? '<stdin>' : input;
  if (output !== undefined) await checkOutputIsNotInput(input, output);
  const total = input === '-' ? undefined : await countInputRecords(input);
  const plan = output === undefined
    ? undefined
    : await planOutput(output, command.overwrite, await describeRun({ input, labels, classifyOptions: command.classifyOptions, quantized: command.quantized, hypothesisTemplate: command.hypothesisTemplate, model: classifier }));

  const readerOptions = { textField: command.textField, invalid: 'yield' as const, ...(command.inputFormat === undefined ? {} : { format: command.inputFormat }), ...(io.stdin === undefined ? {} : { stdin: io.stdin as never }) };
  const entries = readInputEntries(input, readerOptions)[Symbol.asyncIterator]();
  let writer: ResumableJsonlWriter | undefined;
  try {
    const skip = plan?.keptLines ?? 0;
    if (output !== undefined && plan !== undefined) {
      await verifyKeptRows(output, plan.keptBytes, entries, { input });
      if (plan.fresh) await writeProvenance(output, plan.provenance);
      writer = await ResumableJsonlWriter.open(output, { overwrite: plan.fresh });
      if (skip > 0 || writer.droppedBytes > 0) {
        io.stderr.write(`resuming ${output}: ${plural(skip, 'result')} kept${writer.droppedBytes > 0 ? `, dropped a partial last line (${writer.droppedBytes} bytes)` : ''}\n`);
      }
    }
    const progress = command.progress ? createProgressReporter({ label: 'classify', unit: 'texts', unitSingular: 'text', stream: io.stderr, initial: skip, ...(total === undefined ? {} : { total }) }) : undefined;
    const failedLines: number[] = [];
    const labelsOf = (record: InputRecord): readonly string[] => record.candidateLabels ?? (labels as string[]);

    const emit = async (group: readonly InputEntry[], firstIndex: number): Promise<void> => {
      const rows: (Record<string, unknown> | undefined)[] = group.map(() => undefined);
      const fail = (position: number, error: GliznetError, record?: InputRecord): void => {
        if (command.onError === 'fail') throw error;
        const line = entryLine(group[position] as InputEntry);
        failedLines.push(line);
        rows[position] = toErrorRecord(firstIndex + position, line, error, record);
      };
      const toClassify: { position: number; record: InputRecord }[] = [];
      group.forEach((entry, position) => {
        if (entry.problem !== undefined) return fail(position, entry.problem.error);
        const record = entry.record;
        if (record.candidateLabels === undefined && labels === undefined) {
          return fail(position, new InvalidArgumentError('--labels', `${source} line ${record.line} has no "candidate_labels" and no --labels / --labels-file was given`), record);
        }
        toClassify.push({ position, record });
      });
      const outcomes = await classifyGroup(toClassify.map((item) => item.record), labelsOf, classifier, { classifyOptions: command.classifyOptions, file: input, onError: command.onError });
      outcomes.forEach((outcome, offset) => {
        const { position, record } = toClassify[offset] as { position: number; record: InputRecord };
        if (DataFormatError.isInstance(outcome)) fail(position, outcome, record);
        else rows[position] = toOutputRecord(outcome, firstIndex + position, record.id, record.line);
      });
      const lines = rows as Record<string, unknown>[];
      if (writer !== undefined) await writer.append(lines);
      else io.stdout.write(lines.map((line) => `${JSON.stringify(line)}\n`).join(''));
    };

    const round = (command.classifyOptions.batchSize ?? 32) * BATCHES_PER_ROUND;
    let done = skip;
    let pending: InputEntry[] = [];
    for (let next = await entries.next(); next.done !== true; next = await entries.next()) {
      pending.push(next.value);
      if (pending.length < round) continue;
      await emit(pending, done);
      done += pending.length;
      pending = [];
      progress?.update(done);
    }
    if (pending.length > 0) {
      await emit(pending, done);
      done += pending.length;
      progress?.update(done);
    }
    progress?.finish();
    if (failedLines.length > 0) {
      const shown = failedLines.slice(0, 10).join(', ');
      io.stderr.write(`${plural(failedLines.length, 'line')} of ${source} could not be classified; error rows were written in their place (line${failedLines.length === 1 ? '' : 's'} ${shown}${failedLines.length > 10 ? ', ...' : ''})\n`);
    }
    return 0;
  } finally {
    await entries.return?.(undefined);
    await writer?.close();
  }
}
