import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InvalidArgumentError, ModelLoadError, modelConfigToJson, readSafetensors, writeSafetensors } from '@gliznet/common';
import { exportOnnx } from './export-onnx.js';
import { decodeModel } from './onnx-proto.js';
import { createTinyModelConfig } from '@gliznet/common/testing';
import { createRandomWeights, writeRandomModelDirectory } from './random-weights.js';
import { makeBatch } from './testing/batches.js';
import { createSession, runOnnx } from './testing/run-onnx.js';
import { tokenizerVocabularySize } from './tiny-tokenizer.js';

let root = '';
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'gliznet-onnx-export-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

async function captureError(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

const tiny = { vocabSize: 40, hiddenSize: 16, embeddingSize: 8, numAttentionHeads: 2, intermediateSize: 24 };

describe('exportOnnx', () => {
  it('writes onnx/model.onnx and onnx/model_quantized.onnx that run and agree', async () => {
    const directory = join(root, 'complete');
    const config = createTinyModelConfig({ encoder: 'bert', ...tiny });
    await writeRandomModelDirectory(directory, { config, seed: 4 });
    const result = await exportOnnx(directory);
    expect(result.modelPath).toBe(join(directory, 'onnx', 'model.onnx'));
    expect(result.quantizedModelPath).toBe(join(directory, 'onnx', 'model_quantized.onnx'));
    expect((await readdir(join(directory, 'onnx'))).sort()).toEqual(['model.onnx', 'model_quantized.onnx']); // no temporary files left
    const batch = makeBatch({ textLengths: [4, 6], labelLengths: [[1, 2], [2, 1, 1]], vocabSize: 40, seed: 2 });
    const fp32 = await runOnnx(await createSession(result.modelPath), batch);
    const int8 = await runOnnx(await createSession(result.quantizedModelPath!), batch);
    expect(int8.labelMask).toEqual(fp32.labelMask);
    expect(int8.logitsShape).toEqual([2, 3]);
    const model = decodeModel(await readFile(result.modelPath));
    expect(model.irVersion).toBe(8);
    expect(model.producerName).toBe('gliznet');
    expect(model.opsetImport.map((opset) => [opset.domain ?? '', opset.version])).toEqual([['', 17]]);
    expect(model.graph.input.map((input) => [input.name, input.type.tensorType.elemType, input.type.tensorType.shape.dim.map((dim) => ('dimParam' in dim ? dim.dimParam : dim.dimValue))])).toEqual([
      ['input_ids', 7, ['batch', 'sequence']],
      ['attention_mask', 7, ['batch', 'sequence']],
      ['lmask', 7, ['batch', 'sequence']],
      ['token_type_ids', 7, ['batch', 'sequence']],
    ]);
    expect(model.graph.output.map((output) => [output.name, output.type.tensorType.elemType, output.type.tensorType.shape.dim.map((dim) => ('dimParam' in dim ? dim.dimParam : dim.dimValue))])).toEqual([
      ['logits', 1, ['batch', 'labels']],
      ['label_mask', 7, ['batch', 'labels']],
    ]);
    const metadata = new Map(model.metadataProps.map(({ key, value }) => [key, value]));
    expect(JSON.parse(metadata.get('gliznet.config')!)).toEqual(modelConfigToJson(config));
    expect(metadata.get('gliznet.padded_label_logit')).toBe('-10000');
  });

  it('with quantize: false writes only model.onnx and removes a stale quantized file', async () => {
    const directory = join(root, 'fp32-only');
    await writeRandomModelDirectory(directory, { config: createTinyModelConfig({ encoder: 'use-lite', architecture: 'cross-encoder', ...tiny }) });
    await exportOnnx(directory);
    const result = await exportOnnx(directory, { quantize: false });
    expect(result.quantizedModelPath).toBeNull();
    expect(await readdir(join(directory, 'onnx'))).toEqual(['model.onnx']);
  });

  it('a directory without config.json is a ModelLoadError naming it', async () => {
    const directory = join(root, 'empty');
    const error = await captureError(exportOnnx(directory));
    expect(ModelLoadError.isInstance(error) && error.path).toBe(join(directory, 'config.json'));
  });

  it('a directory without model.safetensors is a ModelLoadError naming it', async () => {
    const directory = join(root, 'no-weights');
    await writeRandomModelDirectory(directory, { config: createTinyModelConfig(tiny) });
    await rm(join(directory, 'model.safetensors'));
    const error = await captureError(exportOnnx(directory));
    expect(ModelLoadError.isInstance(error) && error.path).toBe(join(directory, 'model.safetensors'));
    expect((error as Error).message).toContain('model.safetensors');
  });

  it('lists every missing, unexpected and misshapen tensor at once', async () => {
    const directory = join(root, 'mismatch');
    const config = createTinyModelConfig({ encoder: 'use-lite', similarity: 'bilinear', ...tiny });
    await writeRandomModelDirectory(directory, { config });
    const weights = await readSafetensors(join(directory, 'model.safetensors'));
    weights.delete('use_lite.layer.1.ffn.output.weight');
    weights.delete('gliznet.scorer.weight');
    weights.set('gliznet.mystery', { dtype: 'F32', shape: [2], data: new Float32Array(2) });
    weights.set('use_lite.layer.0.attention.qkv.bias', { dtype: 'F32', shape: [5], data: new Float32Array(5) });
    await writeSafetensors(join(directory, 'model.safetensors'), weights);
    const error = await captureError(exportOnnx(directory));
    expect(ModelLoadError.isInstance(error)).toBe(true);
    const problems = (error as ModelLoadError).problems;
    expect(problems).toHaveLength(4);
    expect(problems.join('\n')).toMatch(/missing tensor "use_lite.layer.1.ffn.output.weight"/);
    expect(problems.join('\n')).toMatch(/missing tensor "gliznet.scorer.weight"/);
    expect(problems.join('\n')).toMatch(/unexpected tensor "gliznet.mystery"/);
    expect(problems.join('\n')).toMatch(/"use_lite.layer.0.attention.qkv.bias" has shape \[5\], expected \[24\]/);
    expect((error as ModelLoadError).path).toBe(join(directory, 'model.safetensors'));
    expect(await readdir(directory)).not.toContain('onnx');
  });

  it('reads Hugging Face BERT names without the bert. prefix and ignores pooler / MLM tensors', async () => {
    const directory = join(root, 'hf-names');
    const config = createTinyModelConfig({ encoder: 'bert', ...tiny });
    const weights = createRandomWeights(config, { seed: 8 });
    const renamed = new Map([...weights].map(([name, tensor]) => [name.replace(/^bert\./, ''), tensor]));
    renamed.set('pooler.dense.weight', { shape: [16, 16], data: new Float32Array(256) });
    renamed.set('cls.predictions.bias', { shape: [40], data: new Float32Array(40) });
    await writeRandomModelDirectory(directory, { config });
    await writeSafetensors(join(directory, 'model.safetensors'), renamed);
    const { modelPath } = await exportOnnx(directory, { quantize: false });
    const reference = join(root, 'hf-names-reference');
    await writeRandomModelDirectory(reference, { config, seed: 8 });
    const referencePath = (await exportOnnx(reference, { quantize: false })).modelPath;
    const batch = makeBatch({ textLengths: [3], labelLengths: [[1, 1]], vocabSize: 40, seed: 1 });
    expect((await runOnnx(await createSession(modelPath), batch)).logits).toEqual((await runOnnx(await createSession(referencePath), batch)).logits);
  });

  it('sentence_head: reads the unprefixed Hugging Face pooler.dense, and lists a missing pooler or cosine scale', async () => {
    const config = createTinyModelConfig({ encoder: 'bert', sentenceHead: true, similarity: 'cosine', ...tiny });
    const weights = createRandomWeights(config, { seed: 8 });
    expect(weights.get('bert.pooler.dense.weight')?.shape).toEqual([16, 16]);
    expect(weights.get('gliznet.scorer.scale')?.shape).toEqual([1]);
    const reference = join(root, 'pooler-reference');
    await writeRandomModelDirectory(reference, { config, seed: 8 });
    const referencePath = (await exportOnnx(reference, { quantize: false })).modelPath;
    const directory = join(root, 'pooler-unprefixed');
    await writeRandomModelDirectory(directory, { config });
    await writeSafetensors(join(directory, 'model.safetensors'), new Map([...weights].map(([name, tensor]) => [name.replace(/^bert\./, ''), tensor])));
    const { modelPath } = await exportOnnx(directory, { quantize: false });
    const batch = makeBatch({ textLengths: [3, 2], labelLengths: [[1, 2], [2]], vocabSize: 40, seed: 1 });
    const expected = (await runOnnx(await createSession(referencePath), batch)).logits;
    expect((await runOnnx(await createSession(modelPath), batch)).logits).toEqual(expected);
    // Without the pooler, the tfjs-side sentence head would be lost: an error, not a silent skip.
    const broken = join(root, 'pooler-missing');
    await writeRandomModelDirectory(broken, { config });
    const partial = new Map(weights);
    partial.delete('bert.pooler.dense.bias');
    partial.delete('gliznet.scorer.scale');
    await writeSafetensors(join(broken, 'model.safetensors'), partial);
    const error = await captureError(exportOnnx(broken));
    expect(ModelLoadError.isInstance(error)).toBe(true);
    expect((error as ModelLoadError).problems).toEqual(['missing tensor "bert.pooler.dense.bias" [16]', 'missing tensor "gliznet.scorer.scale" [1]']);
  });

  it('a config without encoder sizes is a ModelLoadError naming config.json with every problem', async () => {
    const directory = join(root, 'bad-config');
    const config = createTinyModelConfig(tiny);
    await writeRandomModelDirectory(directory, { config });
    const json = modelConfigToJson(config);
    delete json['hidden_size'];
    json['num_hidden_layers'] = 0;
    await writeFile(join(directory, 'config.json'), JSON.stringify(json));
    const error = await captureError(exportOnnx(directory));
    expect(ModelLoadError.isInstance(error) && error.path).toBe(join(directory, 'config.json'));
    expect((error as ModelLoadError).problems).toHaveLength(2);
  });
});

describe('writeRandomModelDirectory', () => {
  it('writes config.json, a tokenizer.json that fits vocab_size, and model.safetensors', async () => {
    const directory = join(root, 'random');
    const config = createTinyModelConfig({ encoder: 'use-lite', ...tiny });
    await writeRandomModelDirectory(directory, { config, seed: 3 });
    expect((await readdir(directory)).sort()).toEqual(['config.json', 'model.safetensors', 'tokenizer.json']);
    expect(tokenizerVocabularySize(JSON.parse(await readFile(join(directory, 'tokenizer.json'), 'utf8')))).toBe(40);
    const weights = await readSafetensors(join(directory, 'model.safetensors'));
    expect(weights.get('use_lite.pooler.weight')?.shape).toEqual([16, 16]);
    expect(weights.get('use_lite.layer.0.residual.weight')?.shape).toEqual([16, 8]);
  });

  it('refuses a tokenizer whose ids do not fit the config vocabulary', async () => {
    const tokenizerPath = join(root, 'big-tokenizer.json');
    await writeFile(tokenizerPath, JSON.stringify({ model: { type: 'WordPiece', vocab: { a: 0, b: 99 } }, added_tokens: [] }));
    const error = await captureError(writeRandomModelDirectory(join(root, 'refused'), { config: createTinyModelConfig(tiny), tokenizerJsonPath: tokenizerPath }));
    expect(InvalidArgumentError.isInstance(error)).toBe(true);
    expect((error as Error).message).toContain('at least 100');
  });

  it('is deterministic for a seed', () => {
    const config = createTinyModelConfig(tiny);
    const first = createRandomWeights(config, { seed: 11 });
    const second = createRandomWeights(config, { seed: 11 });
    const other = createRandomWeights(config, { seed: 12 });
    const name = 'bert.encoder.layer.1.output.dense.weight';
    expect(second.get(name)!.data).toEqual(first.get(name)!.data);
    expect(other.get(name)!.data).not.toEqual(first.get(name)!.data);
  });
});
