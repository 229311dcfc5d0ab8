/**
 * `gliznet classify`: texts from the command line (table or --json on stdout) or a streamed
 * --input file (batch-classify.ts: JSON lines to --output or stdout, resumable, with progress on
 * stderr).
 */
import type { ClassificationResult } from '../classification-types.js';
import type { ClassifyOptions } from '../classify-options.js';
import { runBatchClassify } from './batch-classify.js';
import type { ClassifyCommand } from './classify-arguments.js';
import type { CliIo } from './cli-io.js';
import { readLabelsFile } from './labels-argument.js';
import type { ModelIdentity } from './output-provenance.js';
import { formatResultTable, toOutputRecord } from './output-rows.js';

export type { CliIo } from './cli-io.js';
export { attributeToRecord, formatResultTable, toErrorRecord, toOutputRecord } from './output-rows.js';

/** What the command needs from a classifier (ZeroShotClassifier, or a test double). */
export interface CliClassifier extends ModelIdentity {
  classify(texts: readonly string[], labels: readonly (readonly string[])[], options?: ClassifyOptions): Promise<ClassificationResult[]>;
  dispose(): Promise<void>;
}

async function resolveLabels(command: ClassifyCommand): Promise<string[] | undefined> {
  if (command.labels !== undefined) return command.labels;
  if (command.labelsFile !== undefined) return readLabelsFile(command.labelsFile);
  return undefined;
}

/** Runs `gliznet classify` with a loaded classifier. Returns the exit code. */
export async function runClassifyCommand(command: ClassifyCommand, classifier: CliClassifier, io: CliIo): Promise<number> {
  const labels = await resolveLabels(command);
  if (command.input !== undefined) return runBatchClassify({ ...command, input: command.input }, classifier, io, labels);
  const results = await classifier.classify(command.texts, command.texts.map(() => labels as string[]), command.classifyOptions);
  results.forEach((result, index) => io.stdout.write(command.json ? `${JSON.stringify(toOutputRecord(result, index, undefined))}\n` : formatResultTable(result)));
  return 0;
}
