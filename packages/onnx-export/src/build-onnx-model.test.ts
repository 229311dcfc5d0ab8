import { describe, expect, it } from 'vitest';
import { buildOnnxModel, modelInputNames } from './build-onnx-model.js';
import { createTinyModelConfig } from '@gliznet/common/testing';
import { createRandomWeights } from './random-weights.js';
import { makeBatch } from './testing/batches.js';
import { describeVariant, modelVariants } from './testing/model-variants.js';
import { referenceForward } from './testing/reference-forward.js';
import { createSession, maxAbsDifference, runOnnx } from './testing/run-onnx.js';

/** fp32 graph vs the float64 reference. */
const FP32_TOLERANCE = 1e-4;


// Rows with different label counts (row 1 has a padded slot), and different text lengths (padding).
const gliznetBatchSpec = { textLengths: [5, 3, 7], labelLengths: [[2, 1, 3], [1, 2], [2, 2, 1]], minSequenceLength: 0 };
const crossBatchSpec = { textLengths: [5, 3, 7], labelLengths: [[2], [1], [3]] };

describe('fp32 graph matches the float64 reference', () => {
  it.each(modelVariants().map((variant, index) => ({ variant, index, name: describeVariant(variant) })))('$name', async ({ variant, index }) => {
    const config = createTinyModelConfig({ ...variant, vocabSize: 40, hiddenSize: 16, embeddingSize: 8, numAttentionHeads: 2, intermediateSize: 24 });
    const weights = createRandomWeights(config, { seed: 100 + index });
    const session = await createSession(buildOnnxModel(config, weights));
    expect(session.inputNames).toEqual(modelInputNames(config));
    const batch = makeBatch({ ...(variant.architecture === 'gliznet' ? gliznetBatchSpec : crossBatchSpec), vocabSize: 40, seed: index });
    const expected = referenceForward(config, weights, batch);
    const actual = await runOnnx(session, batch);
    expect(maxAbsDifference(actual.logits, expected.logits)).toBeLessThan(FP32_TOLERANCE);
    if (variant.architecture === 'gliznet') {
      expect(actual.logitsShape).toEqual([3, 3]);
      expect(actual.labelMask).toEqual([[1, 1, 1], [1, 1, 0], [1, 1, 1]]);
      expect(actual.logits[1]![2]).toBe(-10000);
      // The logits are not degenerate: labels of a row get different scores.
      expect(new Set(actual.logits[0]!.map((value) => value.toFixed(4))).size).toBe(3);
    } else {
      expect(actual.logitsShape).toEqual([3, 1]);
      expect(actual.labelMask).toBeNull();
    }
    await session.release();
  });
});

describe('bert activations', () => {
  it.each(['gelu_new', 'relu'])('hidden_act %s matches the reference', async (hiddenAct) => {
    const config = createTinyModelConfig({ encoder: 'bert', vocabSize: 40, hiddenSize: 16, numAttentionHeads: 2, intermediateSize: 24 });
    config.huggingFace['hidden_act'] = hiddenAct;
    const weights = createRandomWeights(config, { seed: 9 });
    const session = await createSession(buildOnnxModel(config, weights));
    const batch = makeBatch({ textLengths: [4, 2], labelLengths: [[1, 2], [3]], vocabSize: 40, seed: 9 });
    const actual = await runOnnx(session, batch);
    expect(maxAbsDifference(actual.logits, referenceForward(config, weights, batch).logits)).toBeLessThan(FP32_TOLERANCE);
    await session.release();
  });
});

describe('dynamic shapes', () => {
  it.each(['use-lite', 'bert'] as const)('%s: one session serves different batch sizes, sequence lengths and label counts', async (encoder) => {
    const config = createTinyModelConfig({ encoder, labelPooling: 'attention', textPooling: 'mean', similarity: 'bilinear', projectionDim: 8, vocabSize: 40, hiddenSize: 16, embeddingSize: 8, numAttentionHeads: 2, intermediateSize: 24, maxPositionEmbeddings: 160 });
    const weights = createRandomWeights(config, { seed: 5 });
    const session = await createSession(buildOnnxModel(config, weights));
    const specs = [
      { textLengths: [4], labelLengths: [[1]] },
      { textLengths: [2, 9], labelLengths: [[3, 1, 1, 2, 1], [1]], minSequenceLength: 30 },
      { textLengths: [6, 1, 3, 8, 2], labelLengths: [[1, 1], [2, 2, 2, 2, 2, 2, 2, 2], [1], [3, 3], [1, 1, 1]] },
      // Longer than USE-Lite's 128 pre-training positions: the timing signal extends.
      { textLengths: [120, 10], labelLengths: [[2, 2, 2], [4]], minSequenceLength: 140 },
    ];
    for (const [index, spec] of specs.entries()) {
      const batch = makeBatch({ ...spec, vocabSize: 40, seed: 50 + index });
      const expected = referenceForward(config, weights, batch);
      const actual = await runOnnx(session, batch);
      const numLabels = Math.max(...spec.labelLengths.map((labels) => labels.length));
      expect(actual.logitsShape).toEqual([spec.textLengths.length, numLabels]);
      expect(actual.labelMask).toEqual(expected.labelMask);
      expect(maxAbsDifference(actual.logits, expected.logits)).toBeLessThan(FP32_TOLERANCE);
      spec.labelLengths.forEach((labels, row) => {
        for (let slot = labels.length; slot < numLabels; slot++) expect(actual.logits[row]![slot]).toBe(-10000);
      });
    }
    await session.release();
  });

  it('a batch without label tokens gives [batch, 0] outputs', async () => {
    const config = createTinyModelConfig({ encoder: 'use-lite', vocabSize: 40, hiddenSize: 16, embeddingSize: 8, numAttentionHeads: 2 });
    const session = await createSession(buildOnnxModel(config, createRandomWeights(config, { seed: 2 })));
    const batch = makeBatch({ textLengths: [3, 4], labelLengths: [[], []], vocabSize: 40, seed: 1 });
    const actual = await runOnnx(session, batch);
    expect(actual.logitsShape).toEqual([2, 0]);
    expect(actual.labelMask).toEqual([[], []]);
    await session.release();
  });
});
