import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InvalidArgumentError, ModelLoadError, readModelConfig, readSafetensors } from '@gliznet/common';
import { createTinyModelConfig } from '@gliznet/common/testing';
import { writeRandomModelDirectory } from '@gliznet/onnx-export/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { packageModel } from './package-model.js';

describe('packageModel', () => {
  let directory: string;
  let source: string;
  beforeAll(async () => {
    directory = await mkdtemp(join(tmpdir(), 'package-model-'));
    source = join(directory, 'run-best');
    await writeRandomModelDirectory(source, { config: createTinyModelConfig({ encoder: 'use-lite' }), seed: 3 });
  });
  afterAll(async () => {
    await rm(directory, { recursive: true, force: true });
  });

  it('ships config, tokenizer, fp16 weights and both ONNX files, exported from the fp32 weights', async () => {
    const out = join(directory, 'release');
    const result = await packageModel(source, out);
    expect(result.files.map((file) => file.path)).toEqual(['config.json', 'tokenizer.json', 'model.safetensors', 'onnx/model.onnx', 'onnx/model_quantized.onnx']);
    expect(result.totalBytes).toBe(result.files.reduce((sum, file) => sum + file.bytes, 0));
    const original = await readSafetensors(join(source, 'model.safetensors'));
    const half = await readSafetensors(join(out, 'model.safetensors'));
    expect([...half.keys()].sort()).toEqual([...original.keys()].sort());
    for (const [name, tensor] of half) {
      const reference = original.get(name)!;
      if (reference.dtype === 'F32') {
        expect(tensor.dtype).toBe('F16');
        // Half precision keeps ~3 significant digits.
        tensor.data.forEach((value, index) => expect(Math.abs(value - reference.data[index]!)).toBeLessThanOrEqual(Math.abs(reference.data[index]!) * 1e-3 + 1e-7));
      }
    }
    // The ONNX file holds the exact fp32 weights: byte-identical to an export of the source itself.
    const fromSource = join(directory, 'reference');
    await packageModel(source, fromSource, { weights: 'float32' });
    expect(Buffer.compare(await readFile(join(out, 'onnx', 'model.onnx')), await readFile(join(fromSource, 'onnx', 'model.onnx')))).toBe(0);
    expect(Buffer.compare(await readFile(join(source, 'model.safetensors')), await readFile(join(fromSource, 'model.safetensors')))).toBe(0);
  });

  it('ships only the int8 graph and no weights when asked, and keeps a model card on re-packaging', async () => {
    const out = join(directory, 'baseline');
    await packageModel(source, out);
    await writeFile(join(out, 'README.md'), '# card\n');
    await expect(packageModel(source, out, { onnx: ['int8'], weights: 'none' })).rejects.toThrow(/already exists.*overwrite/);
    const result = await packageModel(source, out, { onnx: ['int8'], weights: 'none', overwrite: true });
    expect(result.files.map((file) => file.path)).toEqual(['config.json', 'tokenizer.json', 'onnx/model_quantized.onnx', 'README.md']);
    expect((await readModelConfig(out)).gliznet.threshold).toBe((await readModelConfig(source)).gliznet.threshold);
    expect(await readFile(join(out, 'README.md'), 'utf8')).toBe('# card\n');
    expect((await readdir(directory)).filter((name) => name.includes('staging'))).toEqual([]);
  });

  it('writes a chosen multi-label threshold into the release config, leaving the source alone', async () => {
    const before = await readFile(join(source, 'config.json'), 'utf8');
    const out = join(directory, 'calibrated');
    await packageModel(source, out, { threshold: 0.3, onnx: ['int8'], weights: 'none' });
    const released = await readModelConfig(out);
    const original = await readModelConfig(source);
    expect(original.gliznet.threshold).not.toBe(0.3);
    expect(released.gliznet.threshold).toBe(0.3);
    expect({ ...released, gliznet: { ...released.gliznet, threshold: original.gliznet.threshold } }).toEqual(original);
    expect(await readFile(join(source, 'config.json'), 'utf8')).toBe(before);
    await expect(packageModel(source, join(directory, 'z'), { threshold: 1 })).rejects.toThrow(/threshold must be strictly between 0 and 1, got 1/);
  });

  it('raises the labels per pass only for a model whose labels cannot see each other', async () => {
    const trained = (await readModelConfig(source)).gliznet;
    expect(trained.labelAttention).toBe('all');
    const above = trained.maxLabels + 52;
    await expect(packageModel(source, join(directory, 'joint'), { maxLabelsPerPass: above, onnx: ['int8'], weights: 'none' })).rejects.toThrow(
      new RegExp(`max labels per pass ${above} is above the ${trained.maxLabels} this model was trained with.*--label-attention text-and-self`),
    );
    await packageModel(source, join(directory, 'fewer'), { maxLabelsPerPass: 3, onnx: ['int8'], weights: 'none' });
    expect((await readModelConfig(join(directory, 'fewer'))).gliznet.maxLabels).toBe(3);

    const independent = join(directory, 'independent-best');
    const config = createTinyModelConfig({ encoder: 'use-lite', labelAttention: 'text-and-self', labelPositions: 'after-text', labelPooling: 'mean' });
    await writeRandomModelDirectory(independent, { config, seed: 4 });
    await packageModel(independent, join(directory, 'wide'), { maxLabelsPerPass: 64, onnx: ['int8'], weights: 'none' });
    const released = await readModelConfig(join(directory, 'wide'));
    expect(released.gliznet.maxLabels).toBe(64);
    expect({ ...released, gliznet: { ...released.gliznet, maxLabels: config.gliznet.maxLabels } }).toEqual(await readModelConfig(independent));
    await expect(packageModel(independent, join(directory, 'zero'), { maxLabelsPerPass: 0 })).rejects.toThrow(/positive integer, got 0/);
  });

  it('names the missing file or the bad option', async () => {
    await expect(packageModel(join(directory, 'nope'), join(directory, 'x'))).rejects.toSatisfy((error) => ModelLoadError.isInstance(error));
    await expect(packageModel(source, join(directory, 'y'), { onnx: [] })).rejects.toSatisfy((error) => InvalidArgumentError.isInstance(error));
    await expect(packageModel(source, join(directory, 'y'), { weights: 'bf16' as never })).rejects.toThrow(/float16, float32 or none/);
  });
});
