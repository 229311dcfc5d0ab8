/**
 * The exported graphs against `@gliznet/core`'s tfjs forward pass on the same model directory:
 * random weights written by writeRandomModelDirectory, exported by exportOnnx, loaded by
 * GliznetModel.load.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GliznetModel, selectBackend } from '@gliznet/core';
import type { Architecture, EncoderFamily, LabelPooling, Similarity, TextPooling } from '@gliznet/common';
import { exportOnnx } from './export-onnx.js';
import { createTinyModelConfig } from '@gliznet/common';
import { writeRandomModelDirectory } from './random-weights.js';
import { makeBatch } from './testing/batches.js';
import { createSession, maxAbsDifference, runOnnx } from './testing/run-onnx.js';

/** fp32 onnxruntime vs tfjs (both float32). */
const TOLERANCE = 1e-4;

interface Variant {
  architecture: Architecture;
  encoder: EncoderFamily;
  similarity: Similarity;
  labelPooling: LabelPooling;
  textPooling: TextPooling;
  projectionDim: number | null;
  sentenceHead: boolean;
}

const variants: Variant[] = [];
for (const encoder of ['use-lite', 'bert'] as const) {
  for (const similarity of ['dot', 'bilinear', 'dot_learning'] as const)
    for (const labelPooling of ['attention', 'mean'] as const)
      for (const textPooling of ['cls', 'mean'] as const)
        for (const projectionDim of [null, 12]) variants.push({ architecture: 'gliznet', encoder, similarity, labelPooling, textPooling, projectionDim, sentenceHead: false });
  for (const textPooling of ['cls', 'mean'] as const) variants.push({ architecture: 'cross-encoder', encoder, similarity: 'dot', labelPooling: 'attention', textPooling, projectionDim: null, sentenceHead: false });
}

/** Targeted cosine / sentence_head cases (not crossed with every other setting, to keep the suite fast). */
function cosineAndSentenceHeadVariants(): Variant[] {
  const variants: Variant[] = [];
  for (const encoder of ['use-lite', 'bert'] as const) {
    variants.push(
      { architecture: 'gliznet', encoder, similarity: 'cosine', labelPooling: 'attention', textPooling: 'cls', projectionDim: null, sentenceHead: false },
      { architecture: 'gliznet', encoder, similarity: 'cosine', labelPooling: 'mean', textPooling: 'mean', projectionDim: null, sentenceHead: true },
      { architecture: 'gliznet', encoder, similarity: 'cosine', labelPooling: 'attention', textPooling: 'cls', projectionDim: 12, sentenceHead: true },
      { architecture: 'gliznet', encoder, similarity: 'dot', labelPooling: 'mean', textPooling: 'cls', projectionDim: null, sentenceHead: true },
      { architecture: 'gliznet', encoder, similarity: 'dot_learning', labelPooling: 'attention', textPooling: 'mean', projectionDim: 12, sentenceHead: true },
    );
    for (const textPooling of ['cls', 'mean'] as const) variants.push({ architecture: 'cross-encoder', encoder, similarity: 'dot', labelPooling: 'attention', textPooling, projectionDim: null, sentenceHead: true });
  }
  return variants;
}
variants.push(...cosineAndSentenceHeadVariants());

let root = '';
beforeAll(async () => {
  await selectBackend({ backend: 'cpu' });
  root = await mkdtemp(join(tmpdir(), 'gliznet-onnx-tfjs-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('onnxruntime logits match the tfjs forward pass (fp32)', () => {
  it.each(variants.map((variant, index) => ({ variant, index, name: `${variant.architecture} ${variant.encoder} ${variant.similarity} label:${variant.labelPooling} text:${variant.textPooling} proj:${variant.projectionDim ?? 'none'} sentence_head:${variant.sentenceHead}` })))(
    '$name',
    async ({ variant, index }) => {
      const config = createTinyModelConfig({ ...variant, vocabSize: 40, hiddenSize: 16, embeddingSize: 8, numAttentionHeads: 2, intermediateSize: 24 });
      const directory = join(root, `model-${index}`);
      await writeRandomModelDirectory(directory, { config, seed: 300 + index });
      const { modelPath } = await exportOnnx(directory, { quantize: false });
      const batch = makeBatch({
        textLengths: [5, 3, 7],
        labelLengths: variant.architecture === 'gliznet' ? [[2, 1, 3], [1, 2], [2, 2, 1]] : [[2], [1], [3]],
        vocabSize: 40,
        seed: index,
      });
      const model = await GliznetModel.load(directory);
      const output = model.forward({ ...batch, ...(variant.architecture === 'gliznet' ? {} : { lmask: undefined }) } as Parameters<GliznetModel['forward']>[0]);
      const expected = (await output.logits.array()) as number[][];
      output.logits.dispose();
      output.labelMask.dispose();
      model.dispose();
      const session = await createSession(modelPath);
      const actual = await runOnnx(session, batch);
      await session.release();
      expect(maxAbsDifference(actual.logits, expected)).toBeLessThan(TOLERANCE);
    },
  );
});

describe('long sequences', () => {
  it('use-lite past 128 positions matches tfjs (timing signal computed in the graph, no clipping)', async () => {
    const config = createTinyModelConfig({ encoder: 'use-lite', labelPooling: 'attention', textPooling: 'mean', vocabSize: 40, hiddenSize: 16, embeddingSize: 8, numAttentionHeads: 2, intermediateSize: 24 });
    const directory = join(root, 'long');
    await writeRandomModelDirectory(directory, { config, seed: 77 });
    const { modelPath } = await exportOnnx(directory, { quantize: false });
    const batch = makeBatch({ textLengths: [150, 20], labelLengths: [[3, 2], [1, 1, 1]], vocabSize: 40, seed: 77 });
    expect(batch.sequenceLength).toBeGreaterThan(150);
    const model = await GliznetModel.load(directory);
    const output = model.forward(batch);
    const expected = (await output.logits.array()) as number[][];
    output.logits.dispose();
    output.labelMask.dispose();
    model.dispose();
    const session = await createSession(modelPath);
    const actual = await runOnnx(session, batch);
    await session.release();
    expect(maxAbsDifference(actual.logits, expected)).toBeLessThan(TOLERANCE);
  });
});
