/**
 * A row's logits must not depend on what it is batched with: the same rows run alone, in batches of
 * 7 and 32, beside short and long neighbours and padded further, give bit-identical logits, fp32
 * and int8. (int8 used to fail this: a per-tensor activation scale took its range from the whole
 * batch.) Exact equality is the bar, not a tolerance: every op of the graphs computes a row from
 * that row alone, padded keys get exactly 0 attention, and the graphs avoid the three onnxruntime
 * kernels found (with this test) to round a row differently with its batch: a one-column MatMul,
 * a one-row MatMul, and a ReduceSum of floats over the padded sequence (see `rowDots` in graph-ops.ts,
 * `fewRows` in graph-builder.ts and the label pooling in gliznet-head-graph.ts).
 */
import { describe, expect, it } from 'vitest';
import { createTinyModelConfig, type TinyModelOptions } from '@gliznet/common/testing';
import { buildOnnxModel } from './build-onnx-model.js';
import { createRandomWeights } from './random-weights.js';
import { makeBatch, stackRows } from './testing/batches.js';
import { createSession, runOnnx } from './testing/run-onnx.js';

const VOCABULARY = 60;
const ROW_COUNT = 40;

const models: { name: string; options: TinyModelOptions }[] = [
  {
    // The shipped model's head and attention layout.
    name: 'gliznet use-lite cosine mean/mean sentence_head text-and-self after-text',
    options: { encoder: 'use-lite', similarity: 'cosine', sentenceHead: true, labelPooling: 'mean', textPooling: 'mean', labelAttention: 'text-and-self', labelPositions: 'after-text' },
  },
  { name: 'gliznet bert bilinear attention/cls projection', options: { encoder: 'bert', similarity: 'bilinear', labelPooling: 'attention', textPooling: 'cls', projectionDim: 24 } },
  { name: 'cross-encoder use-lite', options: { encoder: 'use-lite', architecture: 'cross-encoder' } },
];

/** Row i: a text of 1-50 tokens and 1-6 labels of 1-3 tokens (one label for the cross-encoder). */
function makeRow(index: number, crossEncoder: boolean): ReturnType<typeof makeBatch> {
  const textLength = 1 + ((index * 37) % 50);
  const labelCount = crossEncoder ? 1 : 1 + ((index * 5) % 6);
  const labelLengths = Array.from({ length: labelCount }, (_, label) => 1 + ((index + label) % 3));
  return makeBatch({ textLengths: [textLength], labelLengths: [labelLengths], vocabSize: VOCABULARY, seed: 1000 + index });
}

describe('batch invariance: a row gets the same logits whatever its batch', () => {
  it.each(models.flatMap((model) => (['fp32', 'int8'] as const).map((precision) => ({ ...model, precision }))))('$name, $precision', async ({ options, precision }) => {
    const crossEncoder = options.architecture === 'cross-encoder';
    const config = createTinyModelConfig({ ...options, vocabSize: VOCABULARY, hiddenSize: 64, embeddingSize: 32, numAttentionHeads: 2, intermediateSize: 96, maxPositionEmbeddings: 160 });
    const weights = createRandomWeights(config, { seed: 31 });
    const session = await createSession(buildOnnxModel(config, weights, { quantization: precision === 'int8' ? { weightBits: 7 } : null }));
    const rows = Array.from({ length: ROW_COUNT }, (_, index) => makeRow(index, crossEncoder));
    const labelCount = (row: ReturnType<typeof makeBatch>): number => (crossEncoder ? 1 : Math.max(...row.lmask));
    const alone = await Promise.all(rows.map(async (row) => (await runOnnx(session, row)).logits[0]!));
    // alone[i] holds exactly row i's labels; in a batch the row is padded to the batch's label count.
    const check = async (indices: number[], options: { minSequenceLength?: number } = {}): Promise<void> => {
      const { logits } = await runOnnx(session, stackRows(indices.map((index) => rows[index]!), options));
      indices.forEach((index, position) => {
        const real = logits[position]!.slice(0, labelCount(rows[index]!));
        expect(real, `row ${index} at position ${position} of a batch of ${indices.length}`).toEqual(alone[index]);
      });
    };
    const shortest = 0; // 1 text token
    const longest = rows.reduce((best, row, index) => (row.sequenceLength > rows[best]!.sequenceLength ? index : best), 0);
    for (let start = 0; start + 7 <= ROW_COUNT; start += 7) await check(Array.from({ length: 7 }, (_, offset) => start + offset));
    await check(Array.from({ length: 32 }, (_, index) => index));
    await check(Array.from({ length: 32 }, (_, index) => ROW_COUNT - 1 - index));
    for (const index of [3, 10, 17]) {
      await check([index, shortest]);
      await check([longest, index]);
      await check([index], { minSequenceLength: 120 }); // padded far beyond its own length
    }
    await session.release();
  });
});
