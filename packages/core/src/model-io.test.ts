import { mkdtemp, readdir, readFile, rm, stat, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ModelLoadError, serializeSafetensors } from '@gliznet/common';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as tf from './tf.js';
import { selectBackend } from './backend.js';
import { GliznetModel } from './gliznet-model.js';
import { createTinyModelConfig, type TinyModelOptions } from '@gliznet/common/testing';
import { TINY_ROWS, tinyBatch } from './testing/tiny-batch.js';

let root: string;
let counter = 0;
const directory = (): string => join(root, `model-${counter++}`);

beforeAll(async () => {
  await selectBackend({ backend: 'wasm' });
  root = await mkdtemp(join(tmpdir(), 'gliznet-core-io-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

function logitsOf(model: GliznetModel): number[][] {
  const batch = tinyBatch(TINY_ROWS);
  const { logits, labelMask } = model.forward(model.architecture === 'cross-encoder' ? { ...batch, lmask: undefined } : batch);
  const values = logits.arraySync() as number[][];
  tf.dispose([logits, labelMask]);
  return values;
}

async function expectLoadError(run: () => Promise<unknown>, file: string, pattern: RegExp): Promise<ModelLoadError> {
  const error = await run().then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(ModelLoadError.isInstance(error), `expected ModelLoadError, got ${String(error)}`).toBe(true);
  const loadError = error as ModelLoadError;
  expect(loadError.path.endsWith(file)).toBe(true);
  expect(loadError.message).toMatch(pattern);
  return loadError;
}

describe('save / load', () => {
  const cases: TinyModelOptions[] = [
    { encoder: 'bert', similarity: 'bilinear', projectionDim: 8, labelPooling: 'mean' },
    { encoder: 'use-lite', similarity: 'dot_learning', textPooling: 'mean' },
    { encoder: 'use-lite', architecture: 'cross-encoder' },
    { encoder: 'use-lite', similarity: 'cosine', sentenceHead: true, textPooling: 'mean', labelPooling: 'mean' },
    { encoder: 'bert', similarity: 'cosine', sentenceHead: true, projectionDim: 8 },
    { encoder: 'bert', architecture: 'cross-encoder', sentenceHead: true },
  ];
  it.each(cases)('round-trips exactly (F32): %o', async (options) => {
    const tokenizerPath = join(root, `tokenizer-${counter}.json`);
    await writeFile(tokenizerPath, '{"version":"1.0","model":{"type":"WordLevel"}}');
    const model = GliznetModel.random(createTinyModelConfig(options), { seed: 4, tokenizerPath });
    const target = directory();
    const written = await model.save(target);
    expect(written.map((path) => path.slice(target.length + 1)).sort()).toEqual(['config.json', 'model.safetensors', 'tokenizer.json']);
    expect((await readdir(target)).sort()).toEqual(['config.json', 'model.safetensors', 'tokenizer.json']); // no temp files left
    expect(await readFile(join(target, 'tokenizer.json'), 'utf8')).toBe(await readFile(tokenizerPath, 'utf8'));
    const loaded = await GliznetModel.load(target);
    expect(loaded.config).toEqual(model.config);
    const before = model.namedWeights();
    const after = loaded.namedWeights();
    expect([...after.keys()].sort()).toEqual([...before.keys()].sort());
    for (const [name, weight] of before) {
      expect(after.get(name)!.shape).toEqual(weight.shape);
      expect(Buffer.from(after.get(name)!.data.buffer).equals(Buffer.from(weight.data.buffer))).toBe(true);
    }
    expect(logitsOf(loaded)).toEqual(logitsOf(model));
    const config = JSON.parse(await readFile(join(target, 'config.json'), 'utf8')) as Record<string, unknown>;
    expect(config['model_type']).toBe(options.encoder);
    expect(config['gliznet']).toMatchObject({ format_version: 1, encoder: options.encoder, architecture: options.architecture ?? 'gliznet' });
    model.dispose();
    loaded.dispose();
  });

  it('saves F16 at about half the size, loading to within half precision', async () => {
    const model = GliznetModel.random(createTinyModelConfig({ encoder: 'bert' }), { seed: 2 });
    const full = directory();
    const half = directory();
    await model.save(full);
    await model.save(half, { floatDtype: 'F16' });
    const fullSize = (await stat(join(full, 'model.safetensors'))).size;
    const halfSize = (await stat(join(half, 'model.safetensors'))).size;
    expect(halfSize).toBeLessThan(fullSize * 0.6);
    const loaded = await GliznetModel.load(half);
    for (const [name, weight] of model.namedWeights()) {
      const other = loaded.namedWeights().get(name)!.data;
      weight.data.forEach((value, index) => expect(Math.abs(other[index]! - value)).toBeLessThanOrEqual(Math.abs(value) * 1e-3 + 1e-7));
    }
    model.dispose();
    loaded.dispose();
  });

  it('saving without a known tokenizer writes config.json and model.safetensors only', async () => {
    const model = GliznetModel.random(createTinyModelConfig({ encoder: 'bert' }), { seed: 2 });
    const target = directory();
    await model.save(target);
    expect((await readdir(target)).sort()).toEqual(['config.json', 'model.safetensors']);
    model.dispose();
  });
});

describe('corrupt or mismatched checkpoints give a ModelLoadError naming the file', () => {
  let good: string;
  let weights: Map<string, { shape: number[]; data: Float32Array }>;
  beforeAll(async () => {
    const model = GliznetModel.random(createTinyModelConfig({ encoder: 'bert', similarity: 'bilinear' }), { seed: 3 });
    good = directory();
    await model.save(good);
    weights = model.namedWeights();
    model.dispose();
  });

  async function copyWith(changes: { config?: string; weights?: Uint8Array }): Promise<string> {
    const target = directory();
    const model = await GliznetModel.load(good);
    await model.save(target);
    model.dispose();
    if (changes.config !== undefined) await writeFile(join(target, 'config.json'), changes.config);
    if (changes.weights !== undefined) await writeFile(join(target, 'model.safetensors'), changes.weights);
    return target;
  }

  it('missing directory / config.json', async () => {
    await expectLoadError(() => GliznetModel.load(join(root, 'does-not-exist')), 'config.json', /cannot read/);
  });

  it('missing model.safetensors', async () => {
    const target = await copyWith({});
    await rm(join(target, 'model.safetensors'));
    await expectLoadError(() => GliznetModel.load(target), 'model.safetensors', /missing/);
  });

  it('truncated model.safetensors', async () => {
    const target = await copyWith({});
    const size = (await stat(join(target, 'model.safetensors'))).size;
    await truncate(join(target, 'model.safetensors'), Math.floor(size * 0.7));
    await expectLoadError(() => GliznetModel.load(target), 'model.safetensors', /truncated/);
  });

  it('garbage bytes in model.safetensors', async () => {
    const target = await copyWith({ weights: new TextEncoder().encode('this is not a safetensors file at all') });
    await expectLoadError(() => GliznetModel.load(target), 'model.safetensors', /not a valid safetensors/);
  });

  it('config.json that is not JSON, or has invalid settings', async () => {
    await expectLoadError(async () => GliznetModel.load(await copyWith({ config: '{"model_type": "bert", ' })), 'config.json', /not valid JSON/);
    const config = JSON.parse(await readFile(join(good, 'config.json'), 'utf8')) as { gliznet: Record<string, unknown> };
    config.gliznet['similarity'] = 'euclidean';
    config.gliznet['format_version'] = 99;
    const error = await expectLoadError(async () => GliznetModel.load(await copyWith({ config: JSON.stringify(config) })), 'config.json', /similarity/);
    expect(error.problems).toHaveLength(2);
  });

  it('config.json whose encoder keys are unusable', async () => {
    const config = JSON.parse(await readFile(join(good, 'config.json'), 'utf8')) as Record<string, unknown>;
    config['hidden_act'] = 'swish';
    config['num_attention_heads'] = 5;
    config['model_type'] = 'roberta';
    const error = await expectLoadError(async () => GliznetModel.load(await copyWith({ config: JSON.stringify(config) })), 'config.json', /hidden_act/);
    expect(error.problems).toHaveLength(3);
  });

  it('a sentence_head model whose file lacks the pooler lists it as missing', async () => {
    const model = GliznetModel.random(createTinyModelConfig({ encoder: 'bert', sentenceHead: true, similarity: 'cosine' }), { seed: 3 });
    const target = directory();
    await model.save(target);
    const changed = model.namedWeights();
    model.dispose();
    changed.delete('bert.pooler.dense.weight');
    changed.delete('gliznet.scorer.scale');
    await writeFile(join(target, 'model.safetensors'), serializeSafetensors(changed));
    const error = await expectLoadError(() => GliznetModel.load(target), 'model.safetensors', /does not match/);
    expect(error.problems).toEqual(['missing tensor bert.pooler.dense.weight [32, 32]', 'missing tensor gliznet.scorer.scale [1]']);
  });

  it('missing, unexpected, misshapen and non-finite tensors are all listed at once', async () => {
    const changed = new Map(weights);
    changed.delete('gliznet.scorer.weight');
    changed.set('bert.encoder.layer.9.output.dense.weight', { shape: [2], data: new Float32Array(2) });
    changed.set('bert.embeddings.LayerNorm.bias', { shape: [31], data: new Float32Array(31) });
    const nan = Float32Array.from(weights.get('bert.embeddings.LayerNorm.weight')!.data);
    nan[3] = Number.NaN;
    changed.set('bert.embeddings.LayerNorm.weight', { shape: [32], data: nan });
    const target = await copyWith({ weights: serializeSafetensors(changed) });
    const error = await expectLoadError(() => GliznetModel.load(target), 'model.safetensors', /does not match/);
    expect(error.problems).toEqual([
      'tensor bert.embeddings.LayerNorm.weight holds NaN or infinite values',
      'tensor bert.embeddings.LayerNorm.bias has shape [31], expected [32]',
      'missing tensor gliznet.scorer.weight [32, 32]',
      'unexpected tensor bert.encoder.layer.9.output.dense.weight',
    ]);
  });
});
