import { spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { repositoryRoot } from './repository-paths.js';

// The prepack / postpack script of @gliznet/model-gliznet-use-lite, run as pnpm runs it.
const script = join(repositoryRoot, 'packages', 'model-gliznet-use-lite', 'scripts', 'copy-model-files.js');

let directory: string;
beforeEach(async () => {
  directory = await mkdtemp(join(tmpdir(), 'gliznet-model-package-'));
});
afterEach(async () => {
  await rm(directory, { recursive: true, force: true });
});

function copy(args: string[]) {
  return spawnSync(process.execPath, [script, ...args], { encoding: 'utf8' });
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
    const target = join(directory, 'package', 'model');
    await writeModel(source);
    await mkdir(target, { recursive: true });
    await writeFile(join(target, 'stale.onnx'), 'left from an earlier pack');
    const result = copy(['--from', source, '--to', target]);
    expect(result.status, result.stderr).toBe(0);
    expect(await listFiles(target)).toEqual(['README.md', 'config.json', join('onnx', 'model.onnx'), join('onnx', 'model_quantized.onnx'), 'tokenizer.json'].sort());
    expect(result.stderr).toMatch(/copied 5 files/);
    expect(copy(['--clean', '--to', target]).status).toBe(0);
    await expect(readdir(target)).rejects.toThrow(/ENOENT/);
  });

  it('refuses a missing file, a Git LFS pointer and invalid JSON, naming each', async () => {
    const source = join(directory, 'source');
    await writeModel(source);
    await rm(join(source, 'tokenizer.json'));
    await writeFile(join(source, 'onnx', 'model.onnx'), 'version https://git-lfs.github.com/spec/v1\noid sha256:abc\nsize 27929184\n');
    await writeFile(join(source, 'config.json'), '{ not json');
    const target = join(directory, 'model');
    const result = copy(['--from', source, '--to', target]);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(`${join(source, 'tokenizer.json')} is missing`);
    expect(result.stderr).toContain(`${join(source, 'onnx', 'model.onnx')} is a Git LFS pointer`);
    expect(result.stderr).toContain(`${join(source, 'config.json')} is not valid JSON`);
    await expect(readdir(target)).rejects.toThrow(/ENOENT/);
  });
});
