/**
 * Test utility: random padded batches laid out as the tokenizer lays them out,
 * `[CLS] text [SEP] label_1 ; label_2 ... [SEP] [PAD]...` with lmask and token types, or the
 * cross-encoder's `[CLS] text [SEP] label [SEP]`.
 */
import { seededRandom } from '../random-weights.js';
import type { ReferenceBatch } from './reference-forward.js';

const CLS = 2;
const SEP = 3;
const SEPARATOR = 5;
const FIRST_WORD = 6;

export interface BatchSpec {
  /** Text tokens per row. */
  textLengths: number[];
  /** Tokens of each label, per row (gliznet); one label per row for the cross-encoder. */
  labelLengths: number[][];
  vocabSize: number;
  seed: number;
  /** Pad every row to at least this length (default: the longest row). */
  minSequenceLength?: number;
}

/** Builds one padded batch (flat arrays). */
export function makeBatch(spec: BatchSpec): Required<ReferenceBatch> {
  const random = seededRandom(spec.seed);
  const word = (): number => FIRST_WORD + Math.floor(random() * (spec.vocabSize - FIRST_WORD));
  const rows = spec.textLengths.map((textLength, row) => {
    const ids = [CLS];
    const types = [0];
    const lmask = [0];
    for (let i = 0; i < textLength; i++) {
      ids.push(word());
      types.push(0);
      lmask.push(0);
    }
    ids.push(SEP);
    types.push(0);
    lmask.push(0);
    (spec.labelLengths[row] ?? []).forEach((length, index) => {
      if (index > 0) {
        ids.push(SEPARATOR);
        types.push(1);
        lmask.push(0);
      }
      for (let i = 0; i < length; i++) {
        ids.push(word());
        types.push(1);
        lmask.push(index + 1);
      }
    });
    ids.push(SEP);
    types.push(1);
    lmask.push(0);
    return { ids, types, lmask };
  });
  const sequenceLength = Math.max(spec.minSequenceLength ?? 0, ...rows.map((row) => row.ids.length));
  const batch: Required<ReferenceBatch> = { batchSize: rows.length, sequenceLength, inputIds: [], attentionMask: [], lmask: [], tokenTypeIds: [] };
  for (const row of rows) {
    const padding = sequenceLength - row.ids.length;
    batch.inputIds.push(...row.ids, ...new Array<number>(padding).fill(0));
    batch.attentionMask.push(...row.ids.map(() => 1), ...new Array<number>(padding).fill(0));
    batch.lmask.push(...row.lmask, ...new Array<number>(padding).fill(0));
    batch.tokenTypeIds.push(...row.types, ...new Array<number>(padding).fill(0));
  }
  return batch;
}

/**
 * Stacks single rows (each a batch of one, as `makeBatch` builds them) into one batch padded to the
 * longest row, or to `minSequenceLength` when longer: the same rows beside other neighbours.
 */
export function stackRows(rows: readonly Required<ReferenceBatch>[], options: { minSequenceLength?: number } = {}): Required<ReferenceBatch> {
  const sequenceLength = Math.max(options.minSequenceLength ?? 0, ...rows.map((row) => row.sequenceLength));
  const batch: Required<ReferenceBatch> = { batchSize: rows.length, sequenceLength, inputIds: [], attentionMask: [], lmask: [], tokenTypeIds: [] };
  for (const row of rows) {
    if (row.batchSize !== 1) throw new Error(`stackRows: expected single rows, got a batch of ${row.batchSize}`);
    const padding = new Array<number>(sequenceLength - row.sequenceLength).fill(0);
    batch.inputIds.push(...row.inputIds, ...padding);
    batch.attentionMask.push(...row.attentionMask, ...padding);
    batch.lmask.push(...row.lmask, ...padding);
    batch.tokenTypeIds.push(...row.tokenTypeIds, ...padding);
  }
  return batch;
}
