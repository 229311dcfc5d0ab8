/**
 * `pnpm web bench`: the demo page's bundle size and time to first result, measured in headless
 * Chromium on a loopback server. Prints a Markdown table (stdout); progress goes to stderr.
 *
 *   --runs N      cold page loads to measure (default 5; each in a fresh browser context, no cache)
 *   --isolated    serve with COOP/COEP, so onnxruntime-web may use worker threads (default: off,
 *                 one wasm thread)
 */
import { readdir, readFile, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { EXAMPLES } from '../src/examples.js';
import { buildPage } from '../src/e2e/build-page.js';
import { launchChromium } from '../src/e2e/chromium.js';
import { serveDirectory } from '../src/e2e/static-server.js';

const argv = process.argv.slice(2);
const runsIndex = argv.indexOf('--runs');
const runs = runsIndex === -1 ? 5 : Number(argv[runsIndex + 1]);
const isolated = argv.includes('--isolated');
if (!Number.isInteger(runs) || runs < 1) throw new Error(`--runs must be a positive integer, got ${argv[runsIndex + 1]}`);

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] as number) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
};
const kB = (bytes: number): string => `${(bytes / 1000).toFixed(1)} kB`;
const MB = (bytes: number): string => `${(bytes / 1_000_000).toFixed(2)} MB`;

console.error('building the page...');
const outDir = await buildPage();
const assets = join(outDir, 'assets');
const sizes: { name: string; raw: number; gzip: number }[] = [];
for (const file of (await readdir(assets)).sort()) {
  const bytes = await readFile(join(assets, file));
  sizes.push({ name: file.replace(/-[A-Za-z0-9_-]{8}\./, '.'), raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length });
}
const modelBytes = (await stat(join(outDir, 'model', 'onnx', 'model_quantized.onnx'))).size + (await stat(join(outDir, 'model', 'tokenizer.json'))).size + (await stat(join(outDir, 'model', 'config.json'))).size;

const server = await serveDirectory(outDir, { isolated });
const browser = await launchChromium();
const browserVersion = browser.version();
const firstResult: number[] = [];
const loaded: number[] = [];
const warm: number[] = [];
let threads = '';
try {
  for (let run = 0; run < runs; run += 1) {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(server.url);
    await page.waitForFunction(() => document.body.dataset['classifications'] === '1' || document.body.dataset['state'] === 'error', null, { timeout: 120_000 });
    const state: Record<string, string | undefined> = await page.evaluate(() => ({ ...document.body.dataset, meta: document.getElementById('meta')?.textContent ?? '', error: document.getElementById('error')?.textContent ?? '' }));
    if (state['state'] === 'error') throw new Error(`the page failed: ${state['error']}`);
    firstResult.push(Number(state['firstResultMs']));
    loaded.push(Number(state['loadedMs']));
    threads = /(\d+) wasm thread/.exec(state['meta'] ?? '')?.[1] ?? '?';
    if (run === 0) {
      // Warm classifications: the first three examples, five rounds.
      for (let round = 0; round < 5; round += 1) {
        for (const example of EXAMPLES.slice(0, 3)) {
          const before = Number(await page.evaluate(() => document.body.dataset['classifications']));
          await page.getByRole('button', { name: example.name, exact: true }).click();
          await page.waitForFunction((count) => document.body.dataset['classifications'] === String(count), before + 1);
          warm.push(Number(await page.locator('#time').getAttribute('data-milliseconds')));
        }
      }
    }
    console.error(`run ${run + 1}/${runs}: model ready ${loaded.at(-1)?.toFixed(0)} ms, first result ${firstResult.at(-1)?.toFixed(0)} ms after navigation`);
    await context.close();
  }
} finally {
  await browser.close();
  await server.close();
  await rm(outDir, { recursive: true, force: true });
}

const version = (await import('playwright-core/package.json', { with: { type: 'json' } })).default.version;
const lines = [
  `Chromium ${browserVersion} via playwright-core ${version}, ${isolated ? 'cross-origin isolated' : 'not cross-origin isolated'}, ${threads} wasm thread(s), loopback server, ${runs} cold loads.`,
  '',
  '| file | size | gzip -9 |',
  '|---|---:|---:|',
  ...sizes.map((entry) => `| ${entry.name} | ${kB(entry.raw)} | ${kB(entry.gzip)} |`),
  `| model (int8 ONNX + tokenizer.json + config.json) | ${MB(modelBytes)} | |`,
  '',
  '| measure | median | min | max |',
  '|---|---:|---:|---:|',
  `| model ready (ms after navigation) | ${median(loaded).toFixed(0)} | ${Math.min(...loaded).toFixed(0)} | ${Math.max(...loaded).toFixed(0)} |`,
  `| time to first result (ms after navigation) | ${median(firstResult).toFixed(0)} | ${Math.min(...firstResult).toFixed(0)} | ${Math.max(...firstResult).toFixed(0)} |`,
  `| warm classification, one text (ms, ${warm.length} runs) | ${median(warm).toFixed(1)} | ${Math.min(...warm).toFixed(1)} | ${Math.max(...warm).toFixed(1)} |`,
];
console.log(lines.join('\n'));
