/**
 * @gliznet/web in Node (onnxruntime-web's wasm backend runs here too) against @gliznet/sdk
 * (onnxruntime-node) on a tiny random model exported by @gliznet/onnx-export: the same results
 * (one pipeline, two runtimes), the same errors, and the loading contract (URLs, files, progress).
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AbortedError, InferenceError, InvalidArgumentError, ModelLoadError } from '@gliznet/common';
import { exportOnnx } from '@gliznet/onnx-export';
import { createTinyModelConfig, writeRandomModelDirectory } from '@gliznet/onnx-export/testing';
import { ZeroShotClassifier as NodeClassifier } from '@gliznet/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LoadProgressEvent } from './load-progress.js';
import { ZeroShotClassifier } from './zero-shot-classifier.js';

const BASE = 'https://models.test/tiny/';
const labels = ['sports', 'politics', 'science', 'music', 'food'];
const manyLabels = ['sports', 'politics', 'science', 'music', 'food', 'the weather today', 'cooking at home', 'a film review', 'travel by train', 'money and banks', 'animals'];
const texts = ['the team won the game', 'this is a very good movie about music', 'a', 'i love the food and the music of this film'];
const longText = Array.from({ length: 30 }, (_, index) => (index % 2 === 0 ? 'the team won the game' : 'i love the food and the music')).join(' ');

let directory: string;

/** A fetch serving `directory` under BASE; `missing` paths answer 404. */
function directoryFetch(missing: readonly string[] = [], requested: string[] = []): typeof fetch {
  return (async (input: string | URL | Request) => {
    const url = String(input instanceof Request ? input.url : input);
    requested.push(url);
    const path = url.startsWith(BASE) ? url.slice(BASE.length) : undefined;
    if (path === undefined || missing.includes(path)) return new Response('not found', { status: 404, statusText: 'Not Found' });
    try {
      const bytes = await readFile(join(directory, path));
      return new Response(bytes, { headers: { 'content-length': String(bytes.length) } });
    } catch {
      return new Response('not found', { status: 404, statusText: 'Not Found' });
    }
  }) as typeof fetch;
}

function closeTo(actual: { labels: string[]; scores: number[] }, expected: { labels: string[]; scores: number[] }, tolerance: number): void {
  expect([...actual.labels].sort()).toEqual([...expected.labels].sort());
  const reference = new Map(expected.labels.map((label, index) => [label, expected.scores[index]!]));
  for (const [index, label] of actual.labels.entries()) expect(Math.abs(actual.scores[index]! - reference.get(label)!), label).toBeLessThan(tolerance);
}

async function caught(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), 'gliznet-web-model-'));
  await writeRandomModelDirectory(directory, { config: createTinyModelConfig({ maxLength: 48, minTextTokens: 4 }), seed: 3 });
  await exportOnnx(directory, { quantize: true });
});

afterAll(async () => {
  await rm(directory, { recursive: true, force: true });
});

describe('ZeroShotClassifier (web) against the SDK', () => {
  let web: ZeroShotClassifier;
  let sdk: NodeClassifier;

  beforeAll(async () => {
    web = await ZeroShotClassifier.fromPretrained(BASE, { fetch: directoryFetch(), threads: 1 });
    sdk = await NodeClassifier.fromPretrained(directory, { threads: 1 });
  });

  afterAll(async () => {
    await Promise.all([web.dispose(), sdk.dispose()]);
  });

  it('gives the SDK results: shared labels, per-text labels, multi-label, many labels, long texts', async () => {
    const cases: [readonly string[], readonly string[] | readonly (readonly string[])[], object][] = [
      [texts, labels, {}],
      [texts, labels, { multiLabel: true, threshold: 0.2 }],
      [texts.slice(0, 2), [labels.slice(0, 2), labels.slice(1)], { topK: 2 }],
      [texts, manyLabels, { maxLength: 24 }],
      [texts, manyLabels, { labelOrder: 'as-given', maxLabelsPerPass: 3 }],
      [[longText], labels, {}],
      [[longText], labels, { longText: 'chunk', chunkTokens: 12, strideTokens: 3 }],
      [texts, labels, { hypothesisTemplate: 'about {label}' }],
    ];
    for (const [batch, labelArgument, options] of cases) {
      const [fromWeb, fromSdk] = await Promise.all([web.classify(batch, labelArgument, options), sdk.classify(batch, labelArgument, options)]);
      expect(fromWeb.map((result) => [result.text, result.truncated])).toEqual(fromSdk.map((result) => [result.text, result.truncated]));
      fromWeb.forEach((result, index) => closeTo(result, fromSdk[index]!, 1e-5));
    }
    const single = await web.classify(texts[0]!, labels);
    expect(single.text).toBe(texts[0]);
    expect((await web.classify([longText], labels))[0]!.truncated).toBe(true);
    expect(web.timings().passes).toBeGreaterThan(0);
  });

  it('rejects bad input with the SDK errors, naming the same argument', async () => {
    for (const [text, labelArgument, options] of [
      ['text', ['a', 'A '], {}],
      ['', ['a'], {}],
      [['ok', 4], ['a'], {}],
      ['text', ['a; b'], {}],
      ['text', ['a'], { threshold: 2 }],
      ['text', ['a'], { maxLength: 10_000 }],
    ] as [never, never, never][]) {
      const [fromWeb, fromSdk] = await Promise.all([caught(web.classify(text, labelArgument, options)), caught(sdk.classify(text, labelArgument, options))]);
      expect(InvalidArgumentError.isInstance(fromWeb), String(fromWeb)).toBe(true);
      expect((fromWeb as InvalidArgumentError).argument).toBe((fromSdk as InvalidArgumentError).argument);
      expect((fromWeb as Error).message).toBe((fromSdk as Error).message);
    }
    const aborted = await caught(web.classify(texts, labels, { signal: AbortSignal.abort() }));
    expect(AbortedError.isInstance(aborted)).toBe(true);
  });
});

describe('ZeroShotClassifier.fromPretrained (web)', () => {
  it('downloads config.json, tokenizer.json and the int8 graph with progress events', async () => {
    const events: LoadProgressEvent[] = [];
    const requested: string[] = [];
    const classifier = await ZeroShotClassifier.fromPretrained(BASE.slice(0, -1), { fetch: directoryFetch([], requested), quantized: true, onProgress: (event) => events.push(event) });
    expect(requested.sort()).toEqual([`${BASE}config.json`, `${BASE}onnx/model_quantized.onnx`, `${BASE}tokenizer.json`]);
    expect(classifier.modelPath).toBe(`${BASE}onnx/model_quantized.onnx`);
    const model = events.filter((event) => 'file' in event && event.file.endsWith('.onnx'));
    expect(model[0]).toEqual({ status: 'initiate', file: `${BASE}onnx/model_quantized.onnx`, role: 'model' });
    const size = (await readFile(join(directory, 'onnx', 'model_quantized.onnx'))).length;
    expect(model.at(-1)).toEqual({ status: 'done', file: `${BASE}onnx/model_quantized.onnx`, role: 'model', loaded: size });
    expect(model.some((event) => event.status === 'progress' && event.total === size)).toBe(true);
    expect(events.at(-1)?.status).toBe('ready');
    expect((await classifier.classify(texts[0]!, labels)).labels).toHaveLength(labels.length);
    await classifier.dispose();
    expect(InferenceError.isInstance(await caught(classifier.classify(texts[0]!, labels)))).toBe(true);
  });

  it('loads from selected files (an <input type=file multiple>) and from named blobs', async () => {
    const read = async (name: string) => new File([await readFile(join(directory, name))], name.split('/').at(-1)!);
    const files = await Promise.all(['config.json', 'tokenizer.json', 'onnx/model.onnx'].map(read));
    const fromFiles = await ZeroShotClassifier.fromPretrained(files);
    const [config, tokenizer, model] = files as [File, File, File];
    const fromBlobs = await ZeroShotClassifier.fromPretrained({ config: await config.text(), tokenizer, model: new Uint8Array(await model.arrayBuffer()) });
    expect(await fromFiles.classify(texts, labels)).toEqual(await fromBlobs.classify(texts, labels));
    await Promise.all([fromFiles.dispose(), fromBlobs.dispose()]);
  });

  it('lists every missing file in one ModelLoadError', async () => {
    const error = await caught(ZeroShotClassifier.fromPretrained(BASE, { fetch: directoryFetch(['tokenizer.json', 'onnx/model.onnx']) }));
    expect(ModelLoadError.isInstance(error)).toBe(true);
    expect((error as ModelLoadError).problems).toEqual([`${BASE}tokenizer.json: HTTP 404 Not Found`, `${BASE}onnx/model.onnx: HTTP 404 Not Found`]);
    const selection = await caught(ZeroShotClassifier.fromPretrained([new File(['{}'], 'config.json')], { quantized: true }));
    expect((selection as ModelLoadError).problems).toEqual(['tokenizer.json is missing', 'model_quantized.onnx is missing']);
  });

  it('names a bad config.json, a relative URL without a page, and an abort', async () => {
    const badConfig = await caught(ZeroShotClassifier.fromPretrained({ config: '{"gliznet": {"max_length": -1}}', tokenizer: '{}', model: new Uint8Array(4) }));
    expect(ModelLoadError.isInstance(badConfig)).toBe(true);
    expect((badConfig as ModelLoadError).path).toBe('config.json');
    const relative = await caught(ZeroShotClassifier.fromPretrained('models/tiny', { fetch: directoryFetch() }));
    expect(InvalidArgumentError.isInstance(relative) && relative.argument).toBe('source');
    const aborted = await caught(ZeroShotClassifier.fromPretrained(BASE, { fetch: directoryFetch(), signal: AbortSignal.abort() }));
    expect(AbortedError.isInstance(aborted)).toBe(true);
  });
});
