import { mkdtemp, readFile, rm, writeFile, cp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ModelLoadError, readSafetensors, serializeSafetensors } from '@gliznet/common';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as tf from '../../tf.js';
import { selectBackend } from '../../backend.js';
import { GliznetModel } from '../../gliznet-model.js';

// Reference values come from tooling/scripts/python/make_bert_fixture.py (PyTorch, Hugging Face
// BertModel math), committed with the tiny checkpoint; CI needs no torch.
const FIXTURE = join(dirname(fileURLToPath(import.meta.url)), '__fixtures__', 'tiny-bert');

interface Reference {
  batchSize: number;
  sequenceLength: number;
  inputIds: number[];
  attentionMask: number[];
  tokenTypeIds: number[];
  hiddenStates: number[];
  clsAttention: number[];
}

let reference: Reference;
let root: string;

beforeAll(async () => {
  await selectBackend({ backend: 'wasm' });
  reference = JSON.parse(await readFile(join(FIXTURE, 'reference.json'), 'utf8')) as Reference;
  root = await mkdtemp(join(tmpdir(), 'gliznet-bert-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

function maxAbsDifference(actual: ArrayLike<number>, expected: readonly number[], mask?: (index: number) => boolean): number {
  expect(actual.length).toBe(expected.length);
  let worst = 0;
  for (let i = 0; i < expected.length; i++) if (mask?.(i) ?? true) worst = Math.max(worst, Math.abs(actual[i]! - expected[i]!));
  return worst;
}

describe('bert encoder parity with PyTorch', () => {
  it('the checkpoint really holds BF16, F16, F32 tensors, unprefixed names, a pooler and int64 position_ids', async () => {
    const tensors = await readSafetensors(join(FIXTURE, 'model.safetensors'));
    expect(tensors.get('embeddings.word_embeddings.weight')!.dtype).toBe('BF16');
    expect(tensors.get('encoder.layer.1.output.dense.weight')!.dtype).toBe('F16');
    expect(tensors.get('encoder.layer.0.output.dense.weight')!.dtype).toBe('F32');
    expect(tensors.get('embeddings.position_ids')!.dtype).toBe('I64');
    expect(tensors.has('pooler.dense.weight')).toBe(true);
  });

  it('final hidden states and [CLS] attention match, padding included in the batch', async () => {
    const model = await GliznetModel.fromPretrainedEncoder(FIXTURE, { seed: 1 });
    expect(model.encoder.family).toBe('bert');
    const { hiddenStates, clsAttention } = model.encode(reference);
    const hiddenSize = 32;
    const validToken = (index: number): boolean => reference.attentionMask[Math.floor(index / hiddenSize)] === 1;
    expect(maxAbsDifference(hiddenStates.dataSync(), reference.hiddenStates, validToken)).toBeLessThan(1e-5);
    expect(maxAbsDifference(clsAttention.dataSync(), reference.clsAttention)).toBeLessThan(1e-6);
    tf.dispose([hiddenStates, clsAttention]);
    model.dispose();
  });

  it('takes gliznet settings, adds new heads, and saves with the bert. prefix and the checkpoint tokenizer', async () => {
    const model = await GliznetModel.fromPretrainedEncoder(FIXTURE, { settings: { similarity: 'bilinear', projectionDim: 16 }, seed: 2 });
    expect(model.settings).toMatchObject({ encoder: 'bert', similarity: 'bilinear', projectionDim: 16 });
    const target = join(root, 'saved');
    await model.save(target);
    const saved = await readSafetensors(join(target, 'model.safetensors'));
    expect([...saved.keys()].every((name) => name.startsWith('bert.') || name.startsWith('gliznet.'))).toBe(true);
    expect(saved.has('gliznet.projection.weight')).toBe(true);
    expect(await readFile(join(target, 'tokenizer.json'), 'utf8')).toBe(await readFile(join(FIXTURE, 'tokenizer.json'), 'utf8'));
    const loaded = await GliznetModel.load(target);
    const { hiddenStates, clsAttention } = loaded.encode(reference);
    const validToken = (index: number): boolean => reference.attentionMask[Math.floor(index / 32)] === 1;
    expect(maxAbsDifference(hiddenStates.dataSync(), reference.hiddenStates, validToken)).toBeLessThan(1e-5);
    tf.dispose([hiddenStates, clsAttention]);
    model.dispose();
    loaded.dispose();
  });

  it('reads prefixed checkpoints with MLM/NSP heads (ignored), and lists unknown and missing tensors', async () => {
    const tensors = await readSafetensors(join(FIXTURE, 'model.safetensors'));
    const prefixed = new Map([...tensors].map(([name, tensor]) => [name.startsWith('embeddings.') || name.startsWith('encoder.') || name.startsWith('pooler.') ? `bert.${name}` : name, tensor]));
    prefixed.set('cls.predictions.bias', { dtype: 'F32', shape: [100], data: new Float32Array(100) });
    const directory = join(root, 'prefixed');
    await cp(FIXTURE, directory, { recursive: true });
    await writeFile(join(directory, 'model.safetensors'), serializeSafetensors(prefixed));
    const model = await GliznetModel.fromPretrainedEncoder(directory);
    const { hiddenStates, clsAttention } = model.encode(reference);
    const validToken = (index: number): boolean => reference.attentionMask[Math.floor(index / 32)] === 1;
    expect(maxAbsDifference(hiddenStates.dataSync(), reference.hiddenStates, validToken)).toBeLessThan(1e-5);
    tf.dispose([hiddenStates, clsAttention]);
    model.dispose();

    prefixed.set('bert.encoder.layer.0.attention.self.rotary.weight', { dtype: 'F32', shape: [2], data: new Float32Array(2) });
    prefixed.delete('bert.encoder.layer.1.output.LayerNorm.bias');
    await writeFile(join(directory, 'model.safetensors'), serializeSafetensors(prefixed));
    const error = await GliznetModel.fromPretrainedEncoder(directory).catch((caught: unknown) => caught);
    expect(ModelLoadError.isInstance(error)).toBe(true);
    expect((error as ModelLoadError).path).toBe(join(directory, 'model.safetensors'));
    expect((error as ModelLoadError).problems).toEqual([
      'missing tensor bert.encoder.layer.1.output.LayerNorm.bias [32]',
      'unexpected tensor bert.encoder.layer.0.attention.self.rotary.weight',
    ]);
  });

  it('sentence_head: loads the pretrained pooler.dense (BERT pooler = tanh dense on [CLS]) and trains it', async () => {
    const tensors = await readSafetensors(join(FIXTURE, 'model.safetensors'));
    const model = await GliznetModel.fromPretrainedEncoder(FIXTURE, { settings: { architecture: 'cross-encoder', sentenceHead: true }, seed: 1 });
    const loaded = model.namedWeights();
    expect(loaded.get('bert.pooler.dense.weight')!.data).toEqual(tensors.get('pooler.dense.weight')!.data);
    expect(loaded.get('bert.pooler.dense.bias')!.data).toEqual(tensors.get('pooler.dense.bias')!.data);
    const trainable = new Set(model.trainableVariables());
    expect(trainable.has(model.variables().get('bert.pooler.dense.weight')!)).toBe(true);
    // logit = classifier(tanh(W h_cls + b)) with the checkpoint's W, b and PyTorch's final states.
    const { logits } = model.forward({ ...reference, lmask: undefined });
    const actual = logits.dataSync();
    const w = tensors.get('pooler.dense.weight')!.data as Float32Array;
    const b = tensors.get('pooler.dense.bias')!.data as Float32Array;
    const classifier = loaded.get('cross_encoder.classifier.weight')!.data;
    const classifierBias = loaded.get('cross_encoder.classifier.bias')!.data[0]!;
    const hiddenSize = 32;
    for (let row = 0; row < reference.batchSize; row++) {
      const cls = reference.hiddenStates.slice(row * reference.sequenceLength * hiddenSize, row * reference.sequenceLength * hiddenSize + hiddenSize);
      let expected = classifierBias;
      for (let out = 0; out < hiddenSize; out++) {
        let sum = b[out]!;
        for (let i = 0; i < hiddenSize; i++) sum += w[out * hiddenSize + i]! * cls[i]!;
        expected += classifier[out]! * Math.tanh(sum);
      }
      expect(actual[row]).toBeCloseTo(expected, 4);
    }
    logits.dispose();
    model.dispose();
  });

  it('sentence_head: a checkpoint without a pooler gets a new seeded one; half a pooler is a ModelLoadError', async () => {
    const tensors = await readSafetensors(join(FIXTURE, 'model.safetensors'));
    const withoutPooler = new Map([...tensors].filter(([name]) => !name.startsWith('pooler.')));
    const directory = join(root, 'no-pooler');
    await cp(FIXTURE, directory, { recursive: true });
    await writeFile(join(directory, 'model.safetensors'), serializeSafetensors(withoutPooler));
    const first = await GliznetModel.fromPretrainedEncoder(directory, { settings: { sentenceHead: true, similarity: 'cosine' }, seed: 4 });
    const second = await GliznetModel.fromPretrainedEncoder(directory, { settings: { sentenceHead: true, similarity: 'cosine' }, seed: 4 });
    const weight = first.namedWeights().get('bert.pooler.dense.weight')!;
    expect(weight.shape).toEqual([32, 32]);
    expect(weight.data.some((value) => value !== 0)).toBe(true);
    expect(second.namedWeights().get('bert.pooler.dense.weight')!.data).toEqual(weight.data);
    expect(Array.from(first.namedWeights().get('bert.pooler.dense.bias')!.data).every((value) => value === 0)).toBe(true);
    first.dispose();
    second.dispose();
    // Without sentence_head, no pooler tensor is created.
    const plain = await GliznetModel.fromPretrainedEncoder(directory);
    expect([...plain.variables().keys()].some((name) => name.includes('pooler'))).toBe(false);
    plain.dispose();

    const halfPooler = new Map(withoutPooler);
    halfPooler.set('pooler.dense.weight', tensors.get('pooler.dense.weight')!);
    await writeFile(join(directory, 'model.safetensors'), serializeSafetensors(halfPooler));
    const error = await GliznetModel.fromPretrainedEncoder(directory, { settings: { sentenceHead: true } }).catch((caught: unknown) => caught);
    expect(ModelLoadError.isInstance(error)).toBe(true);
    expect((error as ModelLoadError).problems).toEqual(['missing tensor bert.pooler.dense.bias [32]']);
  });
});
