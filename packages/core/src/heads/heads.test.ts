import { ConfigurationError, InvalidArgumentError, type Similarity } from '@gliznet/common';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import * as tf from '../tf.js';
import { selectBackend } from '../backend.js';
import { GliznetModel } from '../gliznet-model.js';
import { createTinyModelConfig, type TinyModelOptions } from '@gliznet/common/testing';
import { TINY_ROWS, tinyBatch, type TinyBatch } from '../testing/tiny-batch.js';
import { labelMembership, poolLabels } from './label-pooling.js';

beforeAll(async () => {
  await selectBackend({ backend: 'wasm' });
});

const models: GliznetModel[] = [];
function tinyModel(options: TinyModelOptions, seed = 1): GliznetModel {
  const model = GliznetModel.random(createTinyModelConfig(options), { seed });
  models.push(model);
  return model;
}
afterEach(() => {
  for (const model of models.splice(0)) model.dispose();
});

describe('label pooling building blocks', () => {
  it('labelMembership marks each label token, and padded label slots', () => {
    const lmask = [0, 1, 1, 0, 2, 0, /* row 2 */ 0, 0, 1, 0, 0, 0];
    const { membership, labelMask, numLabels } = labelMembership(lmask, { batchSize: 2, sequenceLength: 6 });
    expect(numLabels).toBe(2);
    expect(membership.arraySync()).toEqual([
      [
        [0, 1, 1, 0, 0, 0],
        [0, 0, 0, 0, 1, 0],
      ],
      [
        [0, 0, 1, 0, 0, 0],
        [0, 0, 0, 0, 0, 0],
      ],
    ]);
    expect(labelMask.arraySync()).toEqual([
      [1, 1],
      [1, 0],
    ]);
  });

  it('poolLabels is the weighted average over each label’s tokens; empty slots are zero', () => {
    const hidden = tf.tensor3d([1, 10, 2, 20, 3, 30, 4, 40], [1, 4, 2]);
    const membership = tf.tensor3d([0, 1, 1, 0, 0, 0, 0, 0], [1, 2, 4]);
    const weights = tf.tensor2d([[0.1, 0.3, 0.1, 0.5]]);
    const pooled = poolLabels(hidden, membership, weights).arraySync() as number[][][];
    expect(pooled[0]![0]![0]).toBeCloseTo((0.3 * 2 + 0.1 * 3) / 0.4, 5);
    expect(pooled[0]![0]![1]).toBeCloseTo((0.3 * 20 + 0.1 * 30) / 0.4, 4);
    expect(pooled[0]![1]).toEqual([0, 0]);
    const mean = poolLabels(hidden, membership, undefined).arraySync() as number[][][];
    expect(mean[0]![0]![0]).toBeCloseTo(2.5, 5);
  });
});

/** JS reference of the GliZNet head from the encoder's token states and [CLS] attention. */
function referenceLogits(model: GliznetModel, batch: TinyBatch): number[][] {
  const { hiddenStates, clsAttention } = model.encode(batch);
  const states = hiddenStates.arraySync() as number[][][];
  const attention = clsAttention.arraySync() as number[][];
  tf.dispose([hiddenStates, clsAttention]);
  const settings = model.settings;
  const weights = model.namedWeights();
  const sentenceHead = (vector: number[]): number[] => {
    if (!settings.sentenceHead) return vector;
    const prefix = settings.encoder === 'use-lite' ? 'use_lite.pooler' : 'bert.pooler.dense';
    const w = weights.get(`${prefix}.weight`)!.data;
    const b = weights.get(`${prefix}.bias`)!.data;
    return vector.map((_, out) => Math.tanh(vector.reduce((sum, value, input) => sum + value * w[out * vector.length + input]!, b[out]!)));
  };
  const project = (pooled: number[]): number[] => {
    const vector = sentenceHead(pooled);
    if (settings.projectionDim === null) return vector;
    const w = weights.get('gliznet.projection.weight')!;
    const b = weights.get('gliznet.projection.bias')!;
    return Array.from({ length: settings.projectionDim }, (_, out) => vector.reduce((sum, value, input) => sum + value * w.data[out * vector.length + input]!, b.data[out]!));
  };
  const { sequenceLength } = batch;
  const numLabels = Math.max(...batch.lmask);
  return states.map((rowStates, row) => {
    const valid = (position: number): boolean => batch.attentionMask[row * sequenceLength + position] === 1 && batch.tokenTypeIds[row * sequenceLength + position] === 0;
    let text: number[];
    if (settings.textPooling === 'cls') text = rowStates[0]!;
    else {
      const positions = rowStates.map((_, position) => position).filter(valid);
      text = rowStates[0]!.map((_, channel) => positions.reduce((sum, position) => sum + rowStates[position]![channel]!, 0) / positions.length);
    }
    const t = project(text);
    return Array.from({ length: numLabels }, (_, labelIndex) => {
      const positions = rowStates.map((_, position) => position).filter((position) => batch.lmask[row * sequenceLength + position] === labelIndex + 1);
      if (positions.length === 0) return -10000;
      const weightOf = (position: number): number => (settings.labelPooling === 'attention' ? attention[row]![position]! : 1);
      const total = positions.reduce((sum, position) => sum + weightOf(position), 0);
      const label = project(rowStates[0]!.map((_, channel) => positions.reduce((sum, position) => sum + weightOf(position) * rowStates[position]![channel]!, 0) / total));
      const d = t.length;
      if (settings.similarity === 'cosine') {
        const norm = (v: number[]): number => Math.max(Math.sqrt(v.reduce((sum, value) => sum + value * value, 0)), 1e-12);
        const cosine = t.reduce((sum, value, k) => sum + value * label[k]!, 0) / (norm(t) * norm(label));
        return weights.get('gliznet.scorer.scale')!.data[0]! * cosine + weights.get('gliznet.scorer.bias')!.data[0]!;
      }
      if (settings.similarity === 'dot') return t.reduce((sum, value, k) => sum + value * label[k]!, 0) / d;
      if (settings.similarity === 'bilinear') {
        const w = weights.get('gliznet.scorer.weight')!.data;
        let sum = 0;
        for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) sum += t[i]! * w[i * d + j]! * label[j]!;
        return sum;
      }
      const w = weights.get('gliznet.scorer.weight')!.data;
      return t.reduce((sum, value, k) => sum + w[k]! * value * label[k]!, weights.get('gliznet.scorer.bias')!.data[0]!);
    });
  });
}

/** Perturbs the scorer/projection weights so they are not at their dot-equivalent initial values. */
function perturbHeads(model: GliznetModel): void {
  for (const [name, variable] of model.variables()) {
    if (name.startsWith('gliznet.') || name.includes('pooler')) variable.assign(tf.add(variable, tf.randomNormal(variable.shape, 0, 0.05, 'float32', 7)));
  }
}

describe('GliZNet head', () => {
  const cases: TinyModelOptions[] = [];
  for (const encoder of ['bert', 'use-lite'] as const) {
    for (const similarity of ['dot', 'bilinear', 'dot_learning'] as Similarity[]) cases.push({ encoder, similarity });
  }
  cases.push({ encoder: 'bert', labelPooling: 'mean', textPooling: 'mean' });
  cases.push({ encoder: 'use-lite', projectionDim: 8, similarity: 'bilinear', labelPooling: 'mean' });
  cases.push({ encoder: 'bert', projectionDim: 6, similarity: 'dot_learning', textPooling: 'mean' });
  for (const encoder of ['bert', 'use-lite'] as const) {
    cases.push({ encoder, similarity: 'cosine' });
    cases.push({ encoder, similarity: 'cosine', sentenceHead: true, labelPooling: 'mean', textPooling: 'mean' });
    cases.push({ encoder, similarity: 'dot', sentenceHead: true, projectionDim: 8 });
  }

  it.each(cases)('logits [batch, numLabels] match a plain-JS reference: %o', (options) => {
    const model = tinyModel(options);
    perturbHeads(model);
    const batch = tinyBatch(TINY_ROWS);
    const { logits, labelMask, numLabels } = model.forward(batch);
    expect(numLabels).toBe(3);
    expect(logits.shape).toEqual([2, 3]);
    expect(labelMask.arraySync()).toEqual([
      [1, 1, 1],
      [1, 0, 0],
    ]);
    const actual = logits.arraySync() as number[][];
    const expected = referenceLogits(model, batch);
    tf.dispose([logits, labelMask]);
    expect(actual[1]![1]).toBe(-10000);
    expect(actual[1]![2]).toBe(-10000);
    actual.forEach((row, r) => row.forEach((value, l) => expect(value).toBeCloseTo(expected[r]![l]!, 4)));
  });

  it.each([{ encoder: 'use-lite' }, { encoder: 'bert', similarity: 'cosine', sentenceHead: true, textPooling: 'mean', labelPooling: 'mean' }] as TinyModelOptions[])('extra padding columns do not change the logits (masking): %o', (options) => {
    const model = tinyModel(options);
    const short = model.forward(tinyBatch(TINY_ROWS));
    const long = model.forward(tinyBatch(TINY_ROWS, { minimumLength: 24 }));
    const a = short.logits.arraySync() as number[][];
    const b = long.logits.arraySync() as number[][];
    tf.dispose([short.logits, short.labelMask, long.logits, long.labelMask]);
    a.forEach((row, r) => row.forEach((value, l) => expect(b[r]![l]).toBeCloseTo(value, 4)));
  });

  it('cosine starts at scale 10, bias -5: logits are 10 cos - 5, within [-15, 5]', () => {
    const model = tinyModel({ encoder: 'use-lite', similarity: 'cosine', sentenceHead: true });
    const weights = model.namedWeights();
    expect(Array.from(weights.get('gliznet.scorer.scale')!.data)).toEqual([10]);
    expect(Array.from(weights.get('gliznet.scorer.bias')!.data)).toEqual([-5]);
    const { logits, labelMask } = model.forward(tinyBatch(TINY_ROWS));
    const values = (logits.arraySync() as number[][]).flat().filter((value) => value !== -10000);
    tf.dispose([logits, labelMask]);
    expect(values).toHaveLength(4);
    for (const value of values) expect(Math.abs(value + 5)).toBeLessThanOrEqual(10 + 1e-4);
  });

  it('the sentence head is trainable only when sentence_head is true; bert gets bert.pooler.dense', () => {
    const trainableNames = (model: GliznetModel): string[] => {
      const trainable = new Set(model.trainableVariables());
      return [...model.variables()].filter(([, variable]) => trainable.has(variable)).map(([name]) => name);
    };
    const useLiteOff = tinyModel({ encoder: 'use-lite' });
    const useLiteOn = tinyModel({ encoder: 'use-lite', sentenceHead: true, similarity: 'cosine' });
    expect(useLiteOff.namedWeights().get('use_lite.pooler.weight')!.shape).toEqual([32, 32]);
    expect(trainableNames(useLiteOff).filter((name) => name.includes('pooler'))).toEqual([]);
    expect(trainableNames(useLiteOn).filter((name) => name.includes('pooler') || name.startsWith('gliznet.'))).toEqual([
      'use_lite.pooler.weight',
      'use_lite.pooler.bias',
      'gliznet.scorer.scale',
      'gliznet.scorer.bias',
    ]);
    const bertOff = tinyModel({ encoder: 'bert' });
    const bertOn = tinyModel({ encoder: 'bert', sentenceHead: true, hiddenSize: 24 });
    expect([...bertOff.variables().keys()].filter((name) => name.includes('pooler'))).toEqual([]);
    expect(bertOn.namedWeights().get('bert.pooler.dense.weight')!.shape).toEqual([24, 24]);
    expect(bertOn.namedWeights().get('bert.pooler.dense.bias')!.shape).toEqual([24]);
    expect(trainableNames(bertOn).filter((name) => name.includes('pooler'))).toEqual(['bert.pooler.dense.weight', 'bert.pooler.dense.bias']);
  });

  it('the sentence head changes the scores (it is really applied)', () => {
    const plain = tinyModel({ encoder: 'use-lite', similarity: 'cosine' }, 5);
    const headed = tinyModel({ encoder: 'use-lite', similarity: 'cosine', sentenceHead: true }, 5);
    const a = plain.forward(tinyBatch(TINY_ROWS));
    const b = headed.forward(tinyBatch(TINY_ROWS));
    expect((a.logits.arraySync() as number[][])[0]![0]).not.toBeCloseTo((b.logits.arraySync() as number[][])[0]![0]!, 4);
    tf.dispose([a.logits, a.labelMask, b.logits, b.labelMask]);
  });

  it('attention and mean label pooling give different scores on the same weights', () => {
    const attention = tinyModel({ encoder: 'bert', labelPooling: 'attention' }, 5);
    const mean = tinyModel({ encoder: 'bert', labelPooling: 'mean' }, 5);
    const a = attention.forward(tinyBatch(TINY_ROWS));
    const b = mean.forward(tinyBatch(TINY_ROWS));
    expect((a.logits.arraySync() as number[][])[0]![0]).not.toBeCloseTo((b.logits.arraySync() as number[][])[0]![0]!, 6);
    tf.dispose([a.logits, a.labelMask, b.logits, b.labelMask]);
  });

  it('rejects batches without lmask, without labels, or with ids outside the vocabulary', () => {
    const model = tinyModel({ encoder: 'bert' });
    const batch = tinyBatch(TINY_ROWS);
    const expectInvalid = (run: () => unknown, argument: string): void => {
      let caught: unknown;
      try {
        run();
      } catch (error) {
        caught = error;
      }
      expect(InvalidArgumentError.isInstance(caught)).toBe(true);
      expect((caught as InvalidArgumentError).argument).toBe(argument);
    };
    expectInvalid(() => model.forward({ ...batch, lmask: undefined }), 'inputs.lmask');
    expectInvalid(() => model.forward({ ...batch, lmask: new Int32Array(batch.lmask.length) }), 'inputs.lmask');
    expectInvalid(() => model.forward({ ...batch, inputIds: batch.inputIds.map((id) => (id === 10 ? 100 : id)) }), 'inputs.inputIds');
    expectInvalid(() => model.forward({ ...batch, attentionMask: batch.attentionMask.slice(1) }), 'inputs.attentionMask');
  });

  it('accepts tensors and nested rows as inputs', () => {
    const model = tinyModel({ encoder: 'bert' });
    const batch = tinyBatch(TINY_ROWS);
    const flat = model.forward(batch);
    const rows = (values: ArrayLike<number>): number[][] => [Array.from(values).slice(0, batch.sequenceLength), Array.from(values).slice(batch.sequenceLength)];
    const nested = model.forward({ ...batch, inputIds: rows(batch.inputIds), attentionMask: rows(batch.attentionMask), tokenTypeIds: rows(batch.tokenTypeIds) });
    const tensors = tf.tidy(() => ({
      inputIds: tf.tensor2d(batch.inputIds, [2, batch.sequenceLength], 'int32'),
      attentionMask: tf.tensor2d(batch.attentionMask, [2, batch.sequenceLength], 'int32'),
      tokenTypeIds: tf.tensor2d(batch.tokenTypeIds, [2, batch.sequenceLength], 'int32'),
      lmask: tf.tensor2d(batch.lmask, [2, batch.sequenceLength], 'int32'),
    }));
    const fromTensors = model.forward({ ...tensors, batchSize: 2, sequenceLength: batch.sequenceLength });
    expect(nested.logits.arraySync()).toEqual(flat.logits.arraySync());
    expect(fromTensors.logits.arraySync()).toEqual(flat.logits.arraySync());
    tf.dispose([flat.logits, flat.labelMask, nested.logits, nested.labelMask, fromTensors.logits, fromTensors.labelMask, ...Object.values(tensors)]);
  });
});

describe('cross-encoder head', () => {
  it.each([
    { textPooling: 'cls', sentenceHead: false },
    { textPooling: 'mean', sentenceHead: false },
    { textPooling: 'cls', sentenceHead: true },
    { textPooling: 'mean', sentenceHead: true },
  ] as const)('gives one logit per pair, classifier(pooled) (%o)', ({ textPooling, sentenceHead }) => {
    const model = tinyModel({ encoder: 'bert', architecture: 'cross-encoder', textPooling, sentenceHead });
    perturbHeads(model);
    const batch = tinyBatch([
      { text: [10, 11, 12], labels: [[20, 21]] },
      { text: [13], labels: [[22]] },
    ]);
    const { logits, labelMask, numLabels } = model.forward({ ...batch, lmask: undefined });
    expect(logits.shape).toEqual([2, 1]);
    expect(numLabels).toBe(1);
    expect(labelMask.arraySync()).toEqual([[1], [1]]);
    const { hiddenStates, clsAttention } = model.encode(batch);
    const states = hiddenStates.arraySync() as number[][][];
    const w = model.namedWeights().get('cross_encoder.classifier.weight')!.data;
    const b = model.namedWeights().get('cross_encoder.classifier.bias')!.data[0]!;
    const actual = logits.arraySync() as number[][];
    states.forEach((rowStates, row) => {
      const positions = rowStates.map((_, position) => position).filter((position) => batch.attentionMask[row * batch.sequenceLength + position] === 1);
      let pooled = textPooling === 'cls' ? rowStates[0]! : rowStates[0]!.map((_, c) => positions.reduce((sum, p) => sum + rowStates[p]![c]!, 0) / positions.length);
      if (sentenceHead) {
        const pw = model.namedWeights().get('bert.pooler.dense.weight')!.data;
        const pb = model.namedWeights().get('bert.pooler.dense.bias')!.data;
        const input = pooled;
        pooled = input.map((_, out) => Math.tanh(input.reduce((sum, value, i) => sum + value * pw[out * input.length + i]!, pb[out]!)));
      }
      expect(actual[row]![0]).toBeCloseTo(pooled.reduce((sum, value, c) => sum + value * w[c]!, b), 4);
    });
    tf.dispose([logits, labelMask, hiddenStates, clsAttention]);
  });

  it('shares the encoder tensors with the gliznet architecture (same names, only the head differs)', () => {
    const gliznet = tinyModel({ encoder: 'use-lite' });
    const cross = tinyModel({ encoder: 'use-lite', architecture: 'cross-encoder' });
    const gliznetNames = [...gliznet.namedWeights().keys()];
    const crossNames = [...cross.namedWeights().keys()];
    expect(crossNames.filter((name) => !gliznetNames.includes(name))).toEqual(['cross_encoder.classifier.weight', 'cross_encoder.classifier.bias']);
    expect(gliznetNames.filter((name) => !crossNames.includes(name))).toEqual([]);
  });
});

describe('dropout', () => {
  it('is active only with training: true, and gradients flow through it on wasm', () => {
    const config = createTinyModelConfig({ encoder: 'use-lite' });
    config.huggingFace['hidden_dropout_prob'] = 0.3;
    config.huggingFace['attention_probs_dropout_prob'] = 0.3;
    const model = GliznetModel.random(config, { seed: 3 });
    models.push(model);
    const batch = tinyBatch(TINY_ROWS);
    const run = (training: boolean): number[] => {
      const { logits, labelMask } = model.forward(batch, { training });
      const values = (logits.arraySync() as number[][]).flat();
      tf.dispose([logits, labelMask]);
      return values;
    };
    expect(run(false)).toEqual(run(false));
    expect(run(true)).not.toEqual(run(false));
    const { value, grads } = tf.variableGrads(() => tf.sum(tf.mul(model.forward(batch, { training: true }).logits, tf.tensor2d([[1, 1, 1], [1, 0, 0]]))) as tf.Scalar, model.trainableVariables());
    expect(Number.isFinite(value.dataSync()[0]!)).toBe(true);
    expect(Object.keys(grads)).toHaveLength(model.trainableVariables().length);
    tf.dispose([value, ...Object.values(grads)]);
  });
});

describe('configuration and window errors', () => {
  it('a BERT batch longer than max_position_embeddings is an InvalidArgumentError', () => {
    const model = tinyModel({ encoder: 'bert', maxPositionEmbeddings: 8 });
    let caught: unknown;
    try {
      model.forward(tinyBatch(TINY_ROWS));
    } catch (error) {
      caught = error;
    }
    expect(InvalidArgumentError.isInstance(caught)).toBe(true);
    expect(String(caught)).toMatch(/max_position_embeddings 8/);
  });

  it('invalid settings are a ConfigurationError listing every problem', async () => {
    const error = await GliznetModel.fromPretrainedEncoder('use-lite', { settings: { similarity: 'euclidean' as never, projectionDim: -3 } }).catch((caught: unknown) => caught);
    expect(ConfigurationError.isInstance(error)).toBe(true);
    expect((error as ConfigurationError).problems).toHaveLength(2);
    expect(() => GliznetModel.random(createTinyModelConfig({ labelPooling: 'max' as never }))).toThrow(/label_pooling/);
  });
});
