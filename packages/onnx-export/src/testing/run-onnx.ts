/** Test utility: runs an exported model with onnxruntime-node on a flat batch. */
import * as ort from 'onnxruntime-node';
import type { ReferenceBatch } from './reference-forward.js';

/** A session with the options the SDK uses (all graph optimizations, 1 thread: tests run in parallel). */
export async function createSession(model: Uint8Array | string): Promise<ort.InferenceSession> {
  const options: ort.InferenceSession.SessionOptions = { graphOptimizationLevel: 'all', intraOpNumThreads: 1, interOpNumThreads: 1 };
  return typeof model === 'string' ? ort.InferenceSession.create(model, options) : ort.InferenceSession.create(model, options);
}

export interface OnnxOutput {
  /** [batch][columns] */
  logits: number[][];
  /** [batch][columns] (gliznet only) */
  labelMask: number[][] | null;
  logitsShape: readonly number[];
}

function rows(tensor: ort.Tensor): number[][] {
  const [batchSize, columns] = tensor.dims as [number, number];
  const values = Array.from(tensor.data as Float32Array | BigInt64Array, Number);
  return Array.from({ length: batchSize }, (_, row) => values.slice(row * columns, (row + 1) * columns));
}

/** Feeds the inputs the session declares (int64 [batch, sequence]) and reads logits / label_mask. */
export async function runOnnx(session: ort.InferenceSession, batch: ReferenceBatch): Promise<OnnxOutput> {
  const available: Record<string, number[] | undefined> = {
    input_ids: batch.inputIds,
    attention_mask: batch.attentionMask,
    lmask: batch.lmask,
    token_type_ids: batch.tokenTypeIds,
  };
  const feeds: Record<string, ort.Tensor> = {};
  for (const name of session.inputNames) {
    const values = available[name];
    if (values === undefined) throw new Error(`the batch has no ${name}`);
    feeds[name] = new ort.Tensor('int64', BigInt64Array.from(values, (value) => BigInt(value)), [batch.batchSize, batch.sequenceLength]);
  }
  const outputs = await session.run(feeds);
  const logits = outputs['logits']!;
  const labelMask = outputs['label_mask'];
  return { logits: rows(logits), labelMask: labelMask === undefined ? null : rows(labelMask), logitsShape: logits.dims };
}

/** Largest |a - b| over matching entries (shapes must match). */
export function maxAbsDifference(a: number[][], b: number[][]): number {
  if (a.length !== b.length) throw new Error(`row counts differ: ${a.length} vs ${b.length}`);
  let largest = 0;
  a.forEach((row, i) => {
    const other = b[i]!;
    if (row.length !== other.length) throw new Error(`row ${i}: ${row.length} vs ${other.length} columns`);
    row.forEach((value, j) => {
      largest = Math.max(largest, Math.abs(value - other[j]!));
    });
  });
  return largest;
}
