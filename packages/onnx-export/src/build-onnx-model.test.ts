import { describe, expect, it } from 'vitest';
import type { Architecture, EncoderFamily, LabelPooling, Similarity, TextPooling } from '@gliznet/common';
import { buildOnnxModel, modelInputNames } from './build-onnx-model.js';
import { createTinyModelConfig } from '@gliznet/common';
import { createRandomWeights } from './random-weights.js';
import { makeBatch } from './testing/batches.js';
import { referenceForward } from './testing/reference-forward.js';
import { createSession, maxAbsDifference, runOnnx } from './testing/run-onnx.js';

/** fp32 graph vs the float64 reference. */
const FP32_TOLERANCE = 1e-4;

interface Variant {
  architecture: Architecture;
  encoder: EncoderFamily;
  similarity: Similarity;
  labelPooling: LabelPooling;
  textPooling: TextPooling;
  projectionDim: number | null;
  sentenceHead: boolean;
}

function gliznetVariants(): Variant[] {
  const variants: Variant[] = [];
  for (const encoder of ['use-lite', 'bert'] as const)
    for (const similarity of ['dot', 'bilinear', 'dot_learning'] as const)
      for (const labelPooling of ['attention', 'mean'] as const)
        for (const textPooling of ['cls', 'mean'] as const)
          for (const projectionDim of [null, 12]) variants.push({ architecture: 'gliznet', encoder, similarity, labelPooling, textPooling, projectionDim, sentenceHead: false });
  return variants;
}

const crossEncoderVariants: Variant[] = (['use-lite', 'bert'] as const).flatMap((encoder) =>
  (['cls', 'mean'] as const).map((textPooling) => ({ architecture: 'cross-encoder' as const, encoder, similarity: 'dot' as const, labelPooling: 'attention' as const, textPooling, projectionDim: null, sentenceHead: false })),
);

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


const describeVariant = (v: Variant): string => `${v.architecture} ${v.encoder} ${v.similarity} label:${v.labelPooling} text:${v.textPooling} proj:${v.projectionDim ?? 'none'} sentence_head:${v.sentenceHead}`;

// Rows with different label counts (row 1 has a padded slot), and different text lengths (padding).
const gliznetBatchSpec = { textLengths: [5, 3, 7], labelLengths: [[2, 1, 3], [1, 2], [2, 2, 1]], minSequenceLength: 0 };
const crossBatchSpec = { textLengths: [5, 3, 7], labelLengths: [[2], [1], [3]] };

describe('fp32 graph matches the float64 reference', () => {
  it.each([...gliznetVariants(), ...crossEncoderVariants, ...cosineAndSentenceHeadVariants()].map((variant, index) => ({ variant, index, name: describeVariant(variant) })))('$name', async ({ variant, index }) => {
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
