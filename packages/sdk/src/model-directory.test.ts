import { copyFile, mkdir, mkdtemp, realpath, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { ModelLoadError } from '@gliznet/common';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_MODEL_PACKAGE, inspectModelDirectory, installedModelPackageDirectory, repositoryDefaultModelDirectory, resolveDefaultModelDirectory } from './model-directory.js';

let directory: string;
beforeEach(async () => {
  // realpath: Node resolves packages to real paths (macOS's /var is a link to /private/var).
  directory = await realpath(await mkdtemp(join(tmpdir(), 'gliznet-sdk-dir-')));
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

  it('points a directory that ships only the int8 graph to quantized: true', async () => {
    await writeFile(join(directory, 'config.json'), JSON.stringify({ model_type: 'bert', gliznet: { format_version: 1 } }));
    await writeFile(join(directory, 'tokenizer.json'), '{}');
    await mkdir(join(directory, 'onnx'));
    await writeFile(join(directory, 'onnx', 'model_quantized.onnx'), 'x');
    const error = await catchError(inspectModelDirectory(directory, { quantized: false }));
    expect(error.problems).toEqual([expect.stringMatching(/onnx\/model\.onnx is missing: this directory ships only onnx\/model_quantized\.onnx: load it with quantized: true \(CLI --quantized\).*--no-quantize/)]);
  });

  it('without quantized, takes onnx/model.onnx when it is there and the int8 graph when it is the only one', async () => {
    await writeFile(join(directory, 'config.json'), JSON.stringify({ model_type: 'bert', gliznet: { format_version: 1 } }));
    await writeFile(join(directory, 'tokenizer.json'), '{}');
    await mkdir(join(directory, 'onnx'));
    await writeFile(join(directory, 'onnx', 'model_quantized.onnx'), 'x');
    const onlyInt8 = await inspectModelDirectory(directory);
    expect([onlyInt8.onnxPath, onlyInt8.quantized]).toEqual([join(directory, 'onnx', 'model_quantized.onnx'), true]);
    await writeFile(join(directory, 'onnx', 'model.onnx'), 'x');
    const both = await inspectModelDirectory(directory);
    expect([both.onnxPath, both.quantized]).toEqual([join(directory, 'onnx', 'model.onnx'), false]);
    await rm(join(directory, 'onnx'), { recursive: true });
    const error = await catchError(inspectModelDirectory(directory));
    expect(error.problems).toEqual([expect.stringMatching(/onnx\/model\.onnx is missing: export it/)]);
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

  it('falls back to <repo>/models/gliznet-minilm, or tells the user to pass a directory', async () => {
    expect(repositoryDefaultModelDirectory()).toMatch(/models[\\/]gliznet-minilm$/);
    const result = await resolveDefaultModelDirectory({}).then(
      (found) => ({ found }),
      (error: unknown) => ({ error }),
    );
    if ('found' in result) expect(result.found).toBe(repositoryDefaultModelDirectory());
    else expect(String(result.error)).toMatch(/Pass a model directory/);
  });
});

/** The repository's model package (package.json and index.js as published; model/ is added at pack time). */
const modelPackageSource = fileURLToPath(new URL('../../model-gliznet-minilm/', import.meta.url));

/**
 * `<root>/app/node_modules/@gliznet/model-gliznet-minilm`, laid out as `npm install` leaves it, with
 * the real package.json and index.js; returns a file in `<root>/app` to resolve from.
 */
async function installModelPackage(root: string, options: { withModel: boolean }): Promise<{ from: string; packageDirectory: string }> {
  const packageDirectory = join(root, 'app', 'node_modules', ...DEFAULT_MODEL_PACKAGE.split('/'));
  await mkdir(packageDirectory, { recursive: true });
  for (const name of ['package.json', 'index.js']) await copyFile(join(modelPackageSource, name), join(packageDirectory, name));
  if (options.withModel) await mkdir(join(packageDirectory, 'model', 'onnx'), { recursive: true });
  return { from: join(root, 'app', 'classify.mjs'), packageDirectory };
}

describe('the installed model package', () => {
  it('is found from a project that has it in node_modules, before the repository model', async () => {
    const { from, packageDirectory } = await installModelPackage(directory, { withModel: true });
    expect(await installedModelPackageDirectory({ from })).toBe(join(packageDirectory, 'model'));
    // The repository's models/gliznet-minilm may exist here too: the installed package wins.
    expect(await resolveDefaultModelDirectory({}, { modelPackageFrom: from })).toBe(join(packageDirectory, 'model'));
    // GLIZNET_MODEL_DIR still comes first.
    expect(await resolveDefaultModelDirectory({ GLIZNET_MODEL_DIR: directory }, { modelPackageFrom: from })).toBe(directory);
  });

  it('is where the package itself says its model is (its modelDirectory export)', async () => {
    const { from, packageDirectory } = await installModelPackage(directory, { withModel: true });
    const exported = (await import(pathToFileURL(join(packageDirectory, 'index.js')).href)) as { modelDirectory: string };
    expect(await installedModelPackageDirectory({ from })).toBe(exported.modelDirectory);
  });

  it('is undefined when not installed', async () => {
    expect(await installedModelPackageDirectory({ from: join(directory, 'classify.mjs') })).toBeUndefined();
  });

  it('names every place it looked when there is no default model', async () => {
    const missingRepository = join(directory, 'repo', 'models', 'gliznet-minilm');
    const error = await catchError(resolveDefaultModelDirectory({}, { modelPackageFrom: join(directory, 'classify.mjs'), repositoryDirectory: missingRepository }));
    expect(error.message).toContain('$GLIZNET_MODEL_DIR (unset)');
    expect(error.message).toContain(`the package ${DEFAULT_MODEL_PACKAGE} (not installed)`);
    expect(error.message).toContain(`${missingRepository} (missing`);
    expect(error.message).toContain(`npm install ${DEFAULT_MODEL_PACKAGE}`);
    expect(error.problems).toHaveLength(3);
  });

  it('says so when the package is installed without its model files', async () => {
    const { from, packageDirectory } = await installModelPackage(directory, { withModel: false });
    const error = await catchError(resolveDefaultModelDirectory({}, { modelPackageFrom: from, repositoryDirectory: join(directory, 'missing') }));
    expect(error.message).toContain(`installed, but ${join(packageDirectory, 'model')} is missing: reinstall it`);
  });
});
