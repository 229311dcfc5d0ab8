/**
 * Classifying one chunk: the rows go to the classifier in the same groups `gliznet classify --input`
 * uses (4 batches at a time), and each result becomes the same output line, with its position in
 * the whole input as `index`. A row the classifier refuses makes the chunk fail with every bad row
 * of the chunk named by line (found by classifying the failing group's rows one by one).
 */
import { DataFormatError, InvalidArgumentError } from '@gliznet/common';
import { DEFAULT_BATCH_SIZE, attributeToRecord, toOutputRecord, type ClassificationResult, type ClassifyOptions, type InputRecord } from '@gliznet/sdk';
import { BadRowsError } from './errors.js';
import type { BadRow, BatchMeta, ChunkJobData, ChunkRow } from './types.js';

/** What a chunk needs from a classifier (a ZeroShotClassifier, or a test double). */
export interface ChunkClassifier {
  classify(texts: readonly string[], labels: readonly (readonly string[])[], options?: ClassifyOptions): Promise<ClassificationResult[]>;
}

/** Rows per classify call: the same rounds as `gliznet classify --input` (batch size x 4). */
const BATCHES_PER_ROUND = 4;

function toRecord(row: ChunkRow): InputRecord {
  return { text: row.text, line: row.line, ...(row.labels === undefined ? {} : { candidateLabels: row.labels }), ...(row.id === undefined ? {} : { id: row.id }) };
}

function rowError(error: unknown, records: readonly InputRecord[], file: string): DataFormatError | undefined {
  const attributed = attributeToRecord(error, records, file);
  return DataFormatError.isInstance(attributed) ? attributed : undefined;
}

/**
 * Classifies `chunk` with the batch's labels and options. Returns the chunk's output: one JSON line
 * per row, exactly as `gliznet classify --input` writes it. Throws BadRowsError (every refused row
 * of the chunk, by line) or the classifier's own error (a model or runtime failure).
 */
export async function classifyChunk(chunk: ChunkJobData, meta: Pick<BatchMeta, 'input' | 'labels' | 'classifyOptions'>, classifier: ChunkClassifier): Promise<string> {
  const records = chunk.rows.map(toRecord);
  const missing = records.find((record) => record.candidateLabels === undefined && meta.labels === undefined);
  if (missing !== undefined) {
    throw new InvalidArgumentError('--labels', `${meta.input} line ${missing.line} has no "candidate_labels" and the batch has no --labels`);
  }
  const labelsOf = (record: InputRecord): readonly string[] => record.candidateLabels ?? (meta.labels as string[]);
  const round = (meta.classifyOptions.batchSize ?? DEFAULT_BATCH_SIZE) * BATCHES_PER_ROUND;
  const lines: string[] = [];
  const badRows: BadRow[] = [];
  for (let start = 0; start < records.length; start += round) {
    const group = records.slice(start, start + round);
    let results: ClassificationResult[];
    try {
      results = await classifier.classify(group.map((record) => record.text), group.map(labelsOf), meta.classifyOptions);
    } catch (error) {
      if (rowError(error, group, meta.input) === undefined) throw error;
      // A row is at fault: find every bad one in this group, keep looking in the rest of the chunk.
      const before = badRows.length;
      for (const record of group) {
        try {
          await classifier.classify([record.text], [labelsOf(record)], meta.classifyOptions);
        } catch (single) {
          const bad = rowError(single, [record], meta.input);
          if (bad === undefined) throw single;
          badRows.push({ line: record.line, message: bad.message });
        }
      }
      if (badRows.length === before) throw error; // no row fails on its own: not a row's fault after all
      continue;
    }
    if (badRows.length > 0) continue;
    results.forEach((result, offset) => {
      const record = group[offset] as InputRecord;
      lines.push(`${JSON.stringify(toOutputRecord(result, chunk.firstRow + start + offset, record.id, record.line))}\n`);
    });
  }
  if (badRows.length > 0) throw new BadRowsError(meta.input, badRows);
  return lines.join('');
}
