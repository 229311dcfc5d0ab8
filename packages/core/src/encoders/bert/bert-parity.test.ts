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
});
