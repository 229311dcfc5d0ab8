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
import { exportOnnx } from './export-onnx.js';
import { createTinyModelConfig } from '@gliznet/common/testing';
import { writeRandomModelDirectory } from './random-weights.js';
import { makeBatch } from './testing/batches.js';
import { describeVariant, modelVariants } from './testing/model-variants.js';
import { createSession, maxAbsDifference, runOnnx } from './testing/run-onnx.js';

/** fp32 onnxruntime vs tfjs (both float32). */
const TOLERANCE = 1e-4;

const variants = modelVariants();

let root = '';
beforeAll(async () => {
  await selectBackend({ backend: 'cpu' });
  root = await mkdtemp(join(tmpdir(), 'gliznet-onnx-tfjs-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('onnxruntime logits match the tfjs forward pass (fp32)', () => {
  it.each(variants.map((variant, index) => ({ variant, index, name: describeVariant(variant) })))(
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
