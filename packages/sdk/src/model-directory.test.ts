import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ModelLoadError } from '@gliznet/common';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { inspectModelDirectory, repositoryDefaultModelDirectory, resolveDefaultModelDirectory } from './model-directory.js';

let directory: string;
beforeEach(async () => {
  directory = await mkdtemp(join(tmpdir(), 'gliznet-sdk-dir-'));
});
afterEach(async () => {
  await rm(directory, { recursive: true, force: true });
});

async function catchError(promise: Promise<unknown>): Promise<ModelLoadError> {
  try {
    await promise;
  } catch (error) {
    if (ModelLoadError.isInstance(error)) return error;
    throw error;
  }
  throw new Error('expected a ModelLoadError');
}

describe('inspectModelDirectory', () => {
  it('lists every missing file at once, with the fix', async () => {
    const error = await catchError(inspectModelDirectory(directory, { quantized: false }));
    expect(error.problems).toHaveLength(3);
    expect(error.message).toMatch(/config\.json/);
    expect(error.message).toMatch(/tokenizer\.json is missing/);
    expect(error.message).toMatch(/onnx\/model\.onnx is missing: export it with `pnpm trainer export` or exportOnnx/);
  });

  it('reports a too-new format version and a missing quantized model together', async () => {
    await writeFile(join(directory, 'config.json'), JSON.stringify({ model_type: 'bert', gliznet: { format_version: 99 } }));
    await writeFile(join(directory, 'tokenizer.json'), '{}');
    await mkdir(join(directory, 'onnx'));
    await writeFile(join(directory, 'onnx', 'model.onnx'), 'x');
    const error = await catchError(inspectModelDirectory(directory, { quantized: true }));
    expect(error.problems).toEqual([
      expect.stringMatching(/format_version is 99 but this version of gliznet reads up to 1/),
      expect.stringMatching(/onnx\/model_quantized\.onnx is missing.*quantize: true/),
    ]);
  });

  it('returns the chosen ONNX path when everything is there', async () => {
    await writeFile(join(directory, 'config.json'), JSON.stringify({ model_type: 'bert', gliznet: { format_version: 1, architecture: 'cross-encoder' } }));
    await writeFile(join(directory, 'tokenizer.json'), '{}');
    await mkdir(join(directory, 'onnx'));
    await writeFile(join(directory, 'onnx', 'model_quantized.onnx'), 'x');
    const contents = await inspectModelDirectory(directory, { quantized: true });
    expect(contents.onnxPath).toBe(join(directory, 'onnx', 'model_quantized.onnx'));
    expect(contents.config.gliznet.architecture).toBe('cross-encoder');
  });

  it('rejects a path that is not a directory', async () => {
    await expect(inspectModelDirectory(join(directory, 'nope'), { quantized: false })).rejects.toThrow(/does not exist/);
  });
});

describe('resolveDefaultModelDirectory', () => {
  it('prefers GLIZNET_MODEL_DIR and rejects it when it is not a directory', async () => {
    expect(await resolveDefaultModelDirectory({ GLIZNET_MODEL_DIR: directory })).toBe(directory);
    await expect(resolveDefaultModelDirectory({ GLIZNET_MODEL_DIR: join(directory, 'missing') })).rejects.toThrow(/GLIZNET_MODEL_DIR is set to/);
  });

  it('falls back to <repo>/models/gliznet-use-lite, or tells the user to pass a directory', async () => {
    expect(repositoryDefaultModelDirectory()).toMatch(/models[\\/]gliznet-use-lite$/);
    const result = await resolveDefaultModelDirectory({}).then(
      (found) => ({ found }),
      (error: unknown) => ({ error }),
    );
    if ('found' in result) expect(result.found).toBe(repositoryDefaultModelDirectory());
    else expect(String(result.error)).toMatch(/Pass a model directory/);
  });
});
