/**
 * End to end: builds the page (vite build), serves it on a loopback port, drives Debian's Chromium
 * (headless, --no-sandbox, background networking off) through three examples and checks the
 * scores the page shows against the Node SDK on the same model files:
 * - int8 (the page's default, `onnx/model_quantized.onnx`) against `@gliznet/sdk` with
 *   `quantized: true` (onnxruntime-node), within 1e-3, and against `@gliznet/web` run in Node (the
 *   same onnxruntime-web wasm kernels), within 1e-6;
 * - fp32 (`?quantized=0`) against `@gliznet/sdk` fp32, within 1e-3.
 * Saves a screenshot to apps/web/test-results/ (and to docs/images/web-demo.png when
 * GLIZNET_UPDATE_SCREENSHOT=1). Skips, saying why, only when Chromium is missing outside CI.
 */
import { copyFile, mkdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { ZeroShotClassifier as NodeClassifier } from '@gliznet/sdk';
import { ZeroShotClassifier as WebClassifier, type ClassificationResult } from '@gliznet/web';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXAMPLES, type Example } from '../examples.js';
import { APP_DIRECTORY, buildPage } from './build-page.js';
import { CHROMIUM_PATH, chromiumInstalled, launchChromium } from './chromium.js';
import { serveDirectory, type StaticServer } from './static-server.js';

const MODEL_DIRECTORY = join(APP_DIRECTORY, '../../models/gliznet-use-lite');
const RESULTS_DIRECTORY = join(APP_DIRECTORY, 'test-results');
const CASES = EXAMPLES.slice(0, 3);

const installed = await chromiumInstalled();
if (!installed && process.env['CI'] !== undefined && process.env['CI'] !== 'false') {
  throw new Error(`Chromium not found at ${CHROMIUM_PATH}; CI must run the browser test (apt-get install -y chromium, as .ci/run does)`);
}
if (!installed) console.warn(`[@gliznet/web-app] skipping the browser test: no Chromium at ${CHROMIUM_PATH} (apt-get install -y chromium, or set CHROMIUM_PATH)`);

/** label -> score of a result. */
function scoreMap(result: Pick<ClassificationResult, 'labels' | 'scores'>): Map<string, number> {
  return new Map(result.labels.map((label, index) => [label, result.scores[index] as number]));
}

function largestDifference(page: Map<string, number>, reference: ClassificationResult): number {
  const expected = scoreMap(reference);
  expect([...page.keys()].sort()).toEqual([...expected.keys()].sort());
  return Math.max(...[...page].map(([label, score]) => Math.abs(score - (expected.get(label) as number))));
}

/** Clicks an example's button and returns the scores the page shows once it has classified it. */
async function classifyOnPage(page: Page, example: Example): Promise<{ scores: Map<string, number>; truncated: boolean; milliseconds: number }> {
  const before = Number(await page.evaluate(() => document.body.dataset['classifications'] ?? '0'));
  await page.getByRole('button', { name: example.name, exact: true }).click();
  await page.waitForFunction((count) => document.body.dataset['classifications'] === String(count) || document.body.dataset['state'] === 'error', before + 1, { timeout: 60_000 });
  const error = await page.locator('#error').textContent();
  expect(error ?? '').toBe('');
  const rows = await page.$$eval('#scores li', (items) => items.map((item) => [item.getAttribute('data-label') ?? '', Number(item.getAttribute('data-score'))] as [string, number]));
  const truncated = (await page.locator('#truncated').getAttribute('data-truncated')) === 'true';
  const milliseconds = Number(await page.locator('#time').getAttribute('data-milliseconds'));
  return { scores: new Map(rows), truncated, milliseconds };
}

async function openPage(browser: Browser, url: string): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(error.message));
  await page.goto(url);
  await page.waitForFunction(() => document.body.dataset['state'] === 'ready' || document.body.dataset['state'] === 'error', null, { timeout: 120_000 });
  expect(problems).toEqual([]);
  expect(await page.evaluate(() => document.body.dataset['state'])).toBe('ready');
  return page;
}

async function modelFiles(quantized: boolean): Promise<File[]> {
  const graph = quantized ? 'model_quantized.onnx' : 'model.onnx';
  return Promise.all([
    readFile(join(MODEL_DIRECTORY, 'config.json')).then((bytes) => new File([bytes], 'config.json')),
    readFile(join(MODEL_DIRECTORY, 'tokenizer.json')).then((bytes) => new File([bytes], 'tokenizer.json')),
    readFile(join(MODEL_DIRECTORY, 'onnx', graph)).then((bytes) => new File([bytes], graph)),
  ]);
}

describe.skipIf(!installed)('the demo page in headless Chromium', () => {
  let outDir: string;
  let server: StaticServer;
  let browser: Browser;

  beforeAll(async () => {
    outDir = await buildPage();
    server = await serveDirectory(outDir, { isolated: true });
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    if (outDir !== undefined) await rm(outDir, { recursive: true, force: true });
  });

  it('shows the int8 model scores of the Node SDK (within 1e-3) and of @gliznet/web in Node (within 1e-6)', async () => {
    const page = await openPage(browser, server.url);
    const sdk = await NodeClassifier.fromPretrained(MODEL_DIRECTORY, { quantized: true, threads: 1 });
    const webInNode = await WebClassifier.fromPretrained(await modelFiles(true), { quantized: true, threads: 1 });
    try {
      for (const example of CASES) {
        const shown = await classifyOnPage(page, example);
        const options = { multiLabel: example.multiLabel === true };
        const [fromSdk, fromWeb] = await Promise.all([sdk.classify(example.text, example.labels, options), webInNode.classify(example.text, example.labels, options)]);
        expect(largestDifference(shown.scores, fromSdk), `${example.name}: page vs @gliznet/sdk int8`).toBeLessThanOrEqual(1e-3);
        expect(largestDifference(shown.scores, fromWeb), `${example.name}: page vs @gliznet/web in Node`).toBeLessThanOrEqual(1e-6);
        expect(shown.truncated).toBe(fromSdk.truncated);
        expect([...shown.scores.keys()][0]).toBe(fromSdk.labels[0]);
        expect(shown.milliseconds).toBeGreaterThan(0);
      }
      // The truncation report reaches the page.
      const long = EXAMPLES.find((example) => example.name.startsWith('Long')) as Example;
      expect((await classifyOnPage(page, long)).truncated).toBe(true);
      await classifyOnPage(page, CASES[0] as Example);
      await mkdir(RESULTS_DIRECTORY, { recursive: true });
      const screenshot = join(RESULTS_DIRECTORY, 'web-demo.png');
      await page.screenshot({ path: screenshot, fullPage: true });
      if (process.env['GLIZNET_UPDATE_SCREENSHOT'] === '1') await copyFile(screenshot, join(APP_DIRECTORY, '../../docs/images/web-demo.png'));
    } finally {
      await Promise.all([sdk.dispose(), webInNode.dispose(), page.close()]);
    }
  });

  it('shows the fp32 model scores of the Node SDK within 1e-3 (?quantized=0)', async () => {
    const page = await openPage(browser, `${server.url}?quantized=0&autorun=0`);
    const sdk = await NodeClassifier.fromPretrained(MODEL_DIRECTORY, { quantized: false, threads: 1 });
    try {
      for (const example of CASES) {
        const shown = await classifyOnPage(page, example);
        const fromSdk = await sdk.classify(example.text, example.labels, { multiLabel: example.multiLabel === true });
        expect(largestDifference(shown.scores, fromSdk), `${example.name}: page vs @gliznet/sdk fp32`).toBeLessThanOrEqual(1e-3);
      }
    } finally {
      await Promise.all([sdk.dispose(), page.close()]);
    }
  });
});
