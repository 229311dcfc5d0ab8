#!/usr/bin/env node
/**
 * prepack / postpack of the model packages (@gliznet/model-gliznet-minilm, -use-lite). The
 * repository keeps one copy of each model, in models/<name>; packing copies the files inference
 * needs into the package's model/ directory (prepack) and removes them again (postpack), so the
 * tarball always holds the model as it is in the repository at pack time. Run in the package's
 * directory (as pnpm runs prepack); its package.json names the source and the files:
 *
 *   "gliznetModel": { "from": "../../models/<name>", "files": ["config.json", ...] }
 *
 *   node ../../tooling/model-package/copy-model-files.js [--from <model dir>] [--to <dir>]   copy (default: gliznetModel.from -> model/)
 *   node ../../tooling/model-package/copy-model-files.js --clean [--to <dir>]                remove <dir>
 *
 * model.safetensors (fp16 training weights) is never listed: @gliznet/sdk reads only config.json,
 * tokenizer.json and the ONNX files; fine-tuning starts from the repository's copy. Every source
 * file must exist, be non-empty and not be a Git LFS pointer (a clone without `git lfs pull`);
 * config.json and tokenizer.json must parse. All problems are listed at once, exit code 1.
 */
import { copyFile, mkdir, readFile, rm, stat } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

/** The package's `gliznetModel` block: `from` (model directory, relative to the package) and `files` to ship. */
async function readModelPackage(packageDirectory) {
  const manifestPath = join(packageDirectory, 'package.json');
  const manifest = JSON.parse(await readFile(manifestPath, 'utf8'));
  const block = manifest.gliznetModel;
  if (typeof block?.from !== 'string' || !Array.isArray(block.files) || block.files.length === 0 || !block.files.every((name) => typeof name === 'string')) {
    throw new Error(`${manifestPath} needs "gliznetModel": { "from": "<model dir>", "files": ["config.json", ...] }`);
  }
  return { from: resolve(packageDirectory, block.from), files: block.files };
}

const LFS_POINTER_PREFIX = 'version https://git-lfs.github.com/spec/';

/** Problems that make `path` unfit to ship, empty when it is fine. */
async function checkSourceFile(directory, name) {
  const path = join(directory, name);
  const info = await stat(path).catch(() => undefined);
  if (info === undefined || !info.isFile()) return [`${path} is missing`];
  if (info.size === 0) return [`${path} is empty`];
  const problems = [];
  if (info.size < 1024) {
    const text = await readFile(path, 'utf8');
    if (text.startsWith(LFS_POINTER_PREFIX)) problems.push(`${path} is a Git LFS pointer, not the file: run \`git lfs pull\` first`);
  }
  if (name.endsWith('.json') && problems.length === 0) {
    try {
      JSON.parse(await readFile(path, 'utf8'));
    } catch (error) {
      problems.push(`${path} is not valid JSON (${error.message})`);
    }
  }
  return problems;
}

/** Copies `files` from `from` into `to` (emptied first). Returns [name, bytes] per file. */
export async function copyModelFiles(from, to, files) {
  const problems = (await Promise.all(files.map((name) => checkSourceFile(from, name)))).flat();
  if (problems.length > 0) throw new Error(`cannot pack the model from ${from}:\n  - ${problems.join('\n  - ')}`);
  await rm(to, { recursive: true, force: true });
  const copied = [];
  for (const name of files) {
    const target = join(to, name);
    await mkdir(dirname(target), { recursive: true });
    await copyFile(join(from, name), target);
    copied.push([name, (await stat(target)).size]);
  }
  return copied;
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({
    options: {
      from: { type: 'string' },
      to: { type: 'string', default: join(process.cwd(), 'model') },
      clean: { type: 'boolean', default: false },
    },
  });
  const to = resolve(values.to);
  if (values.clean) {
    await rm(to, { recursive: true, force: true });
  } else {
    try {
      const modelPackage = await readModelPackage(process.cwd());
      const from = values.from === undefined ? modelPackage.from : resolve(values.from);
      const copied = await copyModelFiles(from, to, modelPackage.files);
      const total = copied.reduce((sum, [, bytes]) => sum + bytes, 0);
      for (const [name, bytes] of copied) console.error(`model/${name}  ${bytes.toLocaleString('en-US')} bytes`);
      console.error(`copied ${copied.length} files, ${total.toLocaleString('en-US')} bytes, from ${from}`);
    } catch (error) {
      console.error(error.message);
      process.exitCode = 1;
    }
  }
}
