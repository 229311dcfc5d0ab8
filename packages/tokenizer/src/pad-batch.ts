/**
 * Pads single sequences to the longest one and lays them out as flat row-major arrays
 * `[batchSize, sequenceLength]`. Padding: input id = `padId`, attention 0, token type 0, lmask 0.
 */
import type { JointSequence } from './joint-sequence.js';

export interface PaddedBatch {
  inputIds: Int32Array; // [batchSize, sequenceLength]
  attentionMask: Int32Array; // [batchSize, sequenceLength]
  tokenTypeIds: Int32Array; // [batchSize, sequenceLength]
  lmask: Int32Array; // [batchSize, sequenceLength]
  batchSize: number;
  sequenceLength: number;
  lengths: number[];
}

export function padBatch(rows: readonly Omit<JointSequence, 'tokens'>[], options: { padId: number }): PaddedBatch {
  const batchSize = rows.length;
  let sequenceLength = 0;
  for (const row of rows) sequenceLength = Math.max(sequenceLength, row.inputIds.length);
  const size = batchSize * sequenceLength;
  const inputIds = new Int32Array(size).fill(options.padId);
  const attentionMask = new Int32Array(size);
  const tokenTypeIds = new Int32Array(size);
  const lmask = new Int32Array(size);
  for (const [index, row] of rows.entries()) {
    const offset = index * sequenceLength;
    inputIds.set(row.inputIds, offset);
    attentionMask.set(row.attentionMask, offset);
    tokenTypeIds.set(row.tokenTypeIds, offset);
    lmask.set(row.lmask, offset);
  }
  return { inputIds, attentionMask, tokenTypeIds, lmask, batchSize, sequenceLength, lengths: rows.map((row) => row.inputIds.length) };
}
