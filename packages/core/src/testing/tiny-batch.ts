/** Test helper: hand-built joint batches `[CLS] text [SEP] label_1 ; label_2 ... [SEP]` with lmask. */
import type { ModelInputs } from '../inputs.js';

export interface TinyRow {
  text: number[];
  labels: number[][];
}

export interface TinyBatchOptions {
  cls?: number;
  sep?: number;
  pad?: number;
  separator?: number;
  /** Pad every row to at least this length. */
  minimumLength?: number;
}

/** Builds flat arrays as `@gliznet/tokenizer`'s encodeBatch returns them. */
export interface TinyBatch extends ModelInputs {
  inputIds: number[];
  attentionMask: number[];
  tokenTypeIds: number[];
  lmask: Int32Array;
}

export function tinyBatch(rows: readonly TinyRow[], options: TinyBatchOptions = {}): TinyBatch {
  const { cls = 1, sep = 2, pad = 4, separator = 7 } = options;
  const sequences = rows.map((row) => {
    const ids = [cls, ...row.text, sep];
    const types = ids.map(() => 0);
    const lmask = ids.map(() => 0);
    const append = (id: number, type: number, label: number): void => {
      ids.push(id);
      types.push(type);
      lmask.push(label);
    };
    row.labels.forEach((label, index) => {
      if (index > 0) append(separator, 1, 0);
      for (const id of label) append(id, 1, index + 1);
    });
    if (row.labels.length > 0) append(sep, 1, 0);
    return { ids, types, lmask };
  });
  const sequenceLength = Math.max(options.minimumLength ?? 0, ...sequences.map((sequence) => sequence.ids.length));
  const padTo = (values: number[], fill: number): number[] => [...values, ...new Array<number>(sequenceLength - values.length).fill(fill)];
  return {
    inputIds: sequences.flatMap((sequence) => padTo(sequence.ids, pad)),
    attentionMask: sequences.flatMap((sequence) => padTo(sequence.ids.map(() => 1), 0)),
    tokenTypeIds: sequences.flatMap((sequence) => padTo(sequence.types, 0)),
    lmask: Int32Array.from(sequences.flatMap((sequence) => padTo(sequence.lmask, 0))),
    batchSize: rows.length,
    sequenceLength,
  };
}

/** A small fixed batch: row 0 has 3 labels, row 1 has 1 (two padded label slots). */
export const TINY_ROWS: readonly TinyRow[] = [
  { text: [10, 11, 12, 13], labels: [[20, 21], [22], [23, 24, 25]] },
  { text: [14, 15], labels: [[26]] },
];
