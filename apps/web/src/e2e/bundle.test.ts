/**
 * The production bundle of the page (vite build) holds no Node-only code: no import of a node:
 * module, no onnxruntime-node, no native `tokenizers` binding, no file-system calls, and none of
 * the Node-only modules of @gliznet/common, @gliznet/tokenizer or @gliznet/sdk.
 *
 * onnxruntime-web's runtime files (its Emscripten `.mjs` glue and `.wasm`) are copied as assets,
 * unmodified, and loaded by URL: the test checks they are byte for byte the package's files and
 * leaves them out of the scan (the glue has Emscripten's own Node branch, behind its environment
 * check). Everything Vite bundled from modules is scanned.
 */
import { readdir, readFile, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildPage } from './build-page.js';

let outDir: string;
let javascript: { file: string; text: string }[];
let runtimeAssets: { file: string; matchesPackage: boolean }[];

/** onnxruntime-web's dist/ directory. */
function onnxruntimeWebDist(): string {
  const require = createRequire(join(dirname(new URL(import.meta.url).pathname), '../../package.json'));
  return join(dirname(require.resolve('onnxruntime-web/ort-wasm-simd-threaded.wasm')));
}

beforeAll(async () => {
  outDir = await buildPage();
  const assets = join(outDir, 'assets');
  const names = await readdir(assets);
  const runtime = names.filter((file) => file.startsWith('ort-wasm-'));
  const dist = onnxruntimeWebDist();
  runtimeAssets = await Promise.all(
    runtime.map(async (file) => {
      const original = file.replace(/-[A-Za-z0-9_-]{8}(\.m?js|\.wasm)$/, '$1');
      const [built, shipped] = await Promise.all([readFile(join(assets, file)), readFile(join(dist, original))]);
      return { file, matchesPackage: built.equals(shipped) };
    }),
  );
  const files = names.filter((file) => (file.endsWith('.js') || file.endsWith('.mjs')) && !runtime.includes(file));
  javascript = await Promise.all(files.map(async (file) => ({ file, text: await readFile(join(assets, file), 'utf8') })));
});

afterAll(async () => {
  if (outDir !== undefined) await rm(outDir, { recursive: true, force: true });
});

/** Every match of `pattern` in the bundle, with its file. */
function findAll(pattern: RegExp): string[] {
  return javascript.flatMap(({ file, text }) => [...text.matchAll(pattern)].map((match) => `${file}: ${match[0]}`));
}

describe('the browser bundle', () => {
  it('was built, with the app and onnxruntime-web; its runtime files are the package\'s, unmodified', () => {
    expect(javascript.length).toBeGreaterThan(0);
    expect(runtimeAssets.map((asset) => asset.file.replace(/-[A-Za-z0-9_-]{8}\./, '.')).sort()).toEqual(['ort-wasm-simd-threaded.mjs', 'ort-wasm-simd-threaded.wasm']);
    expect(runtimeAssets.filter((asset) => !asset.matchesPackage)).toEqual([]);
    expect(findAll(/InferenceSession/g).length).toBeGreaterThan(0);
    expect(findAll(/does not match the gliznet model contract/g).length).toBeGreaterThan(0);
  });

  it('imports no node: module and no bare Node built-in', () => {
    expect(findAll(/\bimport\s*\(?\s*["'`](node:[^"'`]+|fs|fs\/promises|path|url|os|module|child_process|worker_threads)["'`]/g)).toEqual([]);
    expect(findAll(/\bfrom\s*["'`](node:[^"'`]+|fs|fs\/promises|path|url|os|module)["'`]/g)).toEqual([]);
    expect(findAll(/\brequire\(\s*["'`](fs|fs\/promises|path|url|node:fs|node:path|node:url)["'`]\s*\)/g)).toEqual([]);
    // onnxruntime-web's own thread-count fallback names node:os behind a `typeof navigator` check
    // (never reached in a browser); nothing else may name a node: module.
    const named = new Set(findAll(/["'`]node:[a-z_/]+["'`]/g).map((entry) => entry.split(': ')[1]?.slice(1, -1)));
    expect([...named].filter((name) => name !== 'node:os')).toEqual([]);
  });

  it('holds no onnxruntime-node, no native tokenizers binding and no file-system calls', () => {
    expect(findAll(/onnxruntime-node|onnxruntime_binding|\.node["'`]/g)).toEqual([]);
    expect(findAll(/tokenizers-(linux|darwin|win32)|tokenizers\.[a-z0-9-]+\.node|@anush008/g)).toEqual([]);
    expect(findAll(/\b(readFileSync|readFile|writeFile|createReadStream|fileURLToPath|mkdtemp)\b/g)).toEqual([]);
  });

  it('holds none of the Node-only modules of the gliznet packages', () => {
    // Message texts of readModelConfig, GliznetTokenizer.fromDirectory, the native tokenizer
    // loader, the SDK's model directory and onnxruntime-node session.
    for (const marker of ['A model directory needs config.json, tokenizer.json', 'a model directory needs a Hugging Face tokenizer.json', 'cannot read tokenizer file', 'ONNX model file not found', 'onnxruntime-node']) {
      expect(findAll(new RegExp(marker.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'g')), marker).toEqual([]);
    }
  });
});
