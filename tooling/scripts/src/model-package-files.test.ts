import { spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { repositoryRoot } from './repository-paths.js';

// The prepack / postpack script of the model packages, run as pnpm runs it (in the package's folder).
const script = join(repositoryRoot, 'tooling', 'model-package', 'copy-model-files.js');

/** The files each model package ships, from its package.json (what the script copies). */
async function shippedFiles(packageName: string): Promise<string[]> {
  const manifest = JSON.parse(await readFile(join(repositoryRoot, 'packages', packageName, 'package.json'), 'utf8')) as { gliznetModel: { files: string[] } };
  return manifest.gliznetModel.files;
}

let directory: string;
beforeEach(async () => {
  directory = await mkdtemp(join(tmpdir(), 'gliznet-model-package-'));
});
afterEach(async () => {
  await rm(directory, { recursive: true, force: true });
});

/** A package folder whose package.json ships `files` from `from`, as a model package's does. */
async function writePackage(root: string, from: string, files: string[]): Promise<string> {
  const packageDirectory = join(root, 'package');
  await mkdir(packageDirectory, { recursive: true });
  await writeFile(join(packageDirectory, 'package.json'), JSON.stringify({ name: 'm', gliznetModel: { from, files } }));
  return packageDirectory;
}

function copy(packageDirectory: string, args: string[]) {
  return spawnSync(process.execPath, [script, ...args], { encoding: 'utf8', cwd: packageDirectory });
}

async function listFiles(root: string): Promise<string[]> {
  const entries = await readdir(root, { recursive: true, withFileTypes: true });
  return entries.filter((entry) => entry.isFile()).map((entry) => relative(root, join(entry.parentPath, entry.name))).sort();
}

/** A small model directory in the real layout (the file contents do not matter to the copy). */
async function writeModel(root: string): Promise<void> {
  await mkdir(join(root, 'onnx'), { recursive: true });
  await writeFile(join(root, 'config.json'), JSON.stringify({ model_type: 'use-lite', gliznet: { format_version: 1 } }));
  await writeFile(join(root, 'tokenizer.json'), JSON.stringify({ version: '1.0' }));
  await writeFile(join(root, 'onnx', 'model.onnx'), Buffer.alloc(2048, 1));
  await writeFile(join(root, 'onnx', 'model_quantized.onnx'), Buffer.alloc(2048, 2));
  await writeFile(join(root, 'README.md'), '# model card\n');
  await writeFile(join(root, 'model.safetensors'), Buffer.alloc(4096, 3));
}

describe('copy-model-files.js (the model package prepack)', () => {
  it('copies what inference needs, without the fp16 training weights, and --clean removes it', async () => {
    const source = join(directory, 'source');
    await writeModel(source);
    const packageDirectory = await writePackage(directory, '../source', await shippedFiles('model-gliznet-use-lite'));
    const target = join(packageDirectory, 'model');
    await mkdir(target, { recursive: true });
    await writeFile(join(target, 'stale.onnx'), 'left from an earlier pack');
    const result = copy(packageDirectory, []);
    expect(result.status, result.stderr).toBe(0);
    expect(await listFiles(target)).toEqual(['README.md', 'config.json', join('onnx', 'model.onnx'), join('onnx', 'model_quantized.onnx'), 'tokenizer.json'].sort());
    expect(result.stderr).toMatch(/copied 5 files/);
    expect(copy(packageDirectory, ['--clean']).status).toBe(0);
    await expect(readdir(target)).rejects.toThrow(/ENOENT/);
  });

  it('ships the default model without an fp32 graph it does not have, and never the training weights', async () => {
    expect(await shippedFiles('model-gliznet-minilm')).toEqual(['config.json', 'tokenizer.json', 'onnx/model_quantized.onnx', 'README.md']);
    for (const name of ['model-gliznet-minilm', 'model-gliznet-use-lite']) expect(await shippedFiles(name)).not.toContain('model.safetensors');
  });

  it('names the package.json block it needs when there is none', async () => {
    const packageDirectory = join(directory, 'bare');
    await mkdir(packageDirectory);
    await writeFile(join(packageDirectory, 'package.json'), JSON.stringify({ name: 'm' }));
    const result = copy(packageDirectory, []);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/package\.json needs "gliznetModel"/);
  });

  it('refuses a missing file, a Git LFS pointer and invalid JSON, naming each', async () => {
    const source = join(directory, 'source');
    await writeModel(source);
    await rm(join(source, 'tokenizer.json'));
    await writeFile(join(source, 'onnx', 'model.onnx'), 'version https://git-lfs.github.com/spec/v1\noid sha256:abc\nsize 27929184\n');
    await writeFile(join(source, 'config.json'), '{ not json');
    const packageDirectory = await writePackage(directory, '../elsewhere', await shippedFiles('model-gliznet-use-lite'));
    const target = join(directory, 'model');
    const result = copy(packageDirectory, ['--from', source, '--to', target]);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(`${join(source, 'tokenizer.json')} is missing`);
    expect(result.stderr).toContain(`${join(source, 'onnx', 'model.onnx')} is a Git LFS pointer`);
    expect(result.stderr).toContain(`${join(source, 'config.json')} is not valid JSON`);
    await expect(readdir(target)).rejects.toThrow(/ENOENT/);
  });
});
