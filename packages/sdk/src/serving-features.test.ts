/**
 * What a server needs from the classifier, on a real (tiny, random) ONNX model: classifyMany (one
 * call, shared batches, per-request scoring) equal to separate classify calls, per-call timings,
 * abort and timeout (AbortedError), run-time failures as InferenceError (not ModelLoadError), per-call
 * hypothesis templates and the execution-provider option.
 */
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { AbortedError, BackendUnavailableError, InferenceError, InvalidArgumentError, ModelLoadError } from '@gliznet/common';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildRandomModel } from './__fixtures__/random-model.js';
import { OnnxSession } from './onnx-session.js';
import { runClassification } from './run-classification.js';
import { resolveClassifyOptions } from './classify-options.js';
import { ZeroShotClassifier } from './zero-shot-classifier.js';

const labels = ['sports', 'politics', 'science', 'music', 'food'];
const texts = ['the team won the game', 'this is a very good movie about music', 'a', 'i love the food and the music of this film'];

describe('ZeroShotClassifier serving features', () => {
  let directory: string;
  let classifier: ZeroShotClassifier;
  beforeAll(async () => {
    directory = await buildRandomModel({ encoder: 'bert', seed: 9, quantize: false });
    classifier = await ZeroShotClassifier.fromPretrained(directory, { threads: 1 });
  });
  afterAll(async () => {
    await classifier.dispose();
    await rm(directory, { recursive: true, force: true });
  });

  it('classifyMany shares batches across requests and equals one classify call per request', async () => {
    const requests = [
      { texts: [texts[0]!, texts[1]!], labels },
      { texts: [texts[2]!], labels: ['food', 'music'], options: { multiLabel: true, threshold: 0 } },
      { texts: [texts[3]!, texts[0]!], labels: [labels, ['science', 'sports', 'music']], options: { topK: 2 } },
    ];
    const { results, timings } = await classifier.classifyMany(requests, { batchSize: 32 });
    // Five texts, one pass each, in one onnxruntime run.
    expect(timings.batches).toBe(1);
    expect(timings.passes).toBe(5);
    expect(results.map((group) => group.length)).toEqual([2, 1, 2]);
    for (const [index, request] of requests.entries()) {
      const alone = await classifier.classify(request.texts, request.labels, request.options ?? {});
      expect(results[index]!.map((result) => result.labels)).toEqual(alone.map((result) => result.labels));
      results[index]!.forEach((result, text) => result.scores.forEach((score, position) => expect(score).toBeCloseTo(alone[text]!.scores[position]!, 5)));
    }
    expect(results[1]![0]!.scores.reduce((a, b) => a + b, 0)).not.toBeCloseTo(1, 3); // sigmoids, not a softmax
    expect(results[2]![0]!.labels).toHaveLength(2);
  });

  it('names the bad request in classifyMany before running anything', async () => {
    const before = classifier.timings();
    const error = await classifier.classifyMany([{ texts: ['fine'], labels }, { texts: ['x'], labels: ['a', 'A'] }]).catch((caught: unknown) => caught);
    expect(InvalidArgumentError.isInstance(error)).toBe(true);
    expect((error as InvalidArgumentError).argument).toBe('requests[1].labels[1]');
    expect(classifier.timings().batches).toBe(before.batches);
    await expect(classifier.classifyMany([{ texts: ['x'], labels, options: { maxLength: 8 } as never }])).rejects.toThrow(/requests\[0\]\.options\.maxLength|maxLength belong/);
    await expect(classifier.classifyMany([{ texts: ['x'], labels }], { multiLabel: true } as never)).rejects.toThrow(/per request/);
  });

  it('gives each call its own timings, even when calls overlap', async () => {
    const [a, b] = await Promise.all([
      classifier.classifyMany([{ texts, labels }], { batchSize: 2 }),
      classifier.classifyMany([{ texts: [texts[0]!], labels }]),
    ]);
    expect(a.timings).toMatchObject({ batches: 2, passes: 4 });
    expect(b.timings).toMatchObject({ batches: 1, passes: 1 });
    expect(a.timings.inferenceMs).toBeGreaterThan(0);
  });

  it('stops on an aborted signal or a passed timeout with AbortedError', async () => {
    const controller = new AbortController();
    controller.abort(new Error('client went away'));
    const aborted = await classifier.classify(texts, labels, { signal: controller.signal }).catch((caught: unknown) => caught);
    expect(AbortedError.isInstance(aborted)).toBe(true);
    expect((aborted as AbortedError).timedOut).toBe(false);
    expect(String(aborted)).toMatch(/client went away/);

    const timedOutSignal = AbortSignal.timeout(1);
    await new Promise((resolve) => setTimeout(resolve, 20));
    const viaSignal = await classifier.classify(texts, labels, { signal: timedOutSignal }).catch((caught: unknown) => caught);
    expect((viaSignal as AbortedError).timedOut).toBe(true);

    // 400 texts in batches of 1: the deadline passes between runs.
    const many = Array.from({ length: 400 }, (_, index) => `${texts[index % texts.length]!} ${index}`);
    const timedOut = await classifier.classify(many, labels, { batchSize: 1, timeoutMs: 5 }).catch((caught: unknown) => caught);
    expect(AbortedError.isInstance(timedOut)).toBe(true);
    expect((timedOut as AbortedError).timedOut).toBe(true);
    await expect(classifier.classify('x', labels, { timeoutMs: 0 })).rejects.toThrow(/timeoutMs must be a positive number/);
    await expect(classifier.classify('x', labels, { signal: {} as AbortSignal })).rejects.toThrow(/signal must be an AbortSignal/);
    // A signal that does not fire changes nothing.
    const kept = await classifier.classify(texts[0]!, labels, { signal: new AbortController().signal, timeoutMs: 60_000 });
    expect(kept.labels).toHaveLength(labels.length);
  });

  it('takes a hypothesis template per call: the same scores as a classifier loaded with it', async () => {
    const template = 'this is about {label} .';
    const loaded = await ZeroShotClassifier.fromPretrained(directory, { threads: 1, hypothesisTemplate: template });
    try {
      const expected = await loaded.classify(texts[1]!, labels);
      const perCall = await classifier.classify(texts[1]!, labels, { hypothesisTemplate: template });
      const plain = await classifier.classify(texts[1]!, labels);
      expect(perCall.labels).toEqual(expected.labels);
      perCall.scores.forEach((score, index) => expect(score).toBeCloseTo(expected.scores[index]!, 6));
      expect(plain.scores[0]).not.toBeCloseTo(perCall.scores[0]!, 4);
      await expect(classifier.classify('x', labels, { hypothesisTemplate: 'no placeholder' })).rejects.toThrow(/hypothesisTemplate must be a string containing/);
    } finally {
      await loaded.dispose();
    }
  });

  it('reports run-time failures as InferenceError, not ModelLoadError', async () => {
    const disposed = await ZeroShotClassifier.fromPretrained(directory, { threads: 1 });
    await disposed.dispose();
    const error = await disposed.classify('x', labels).catch((caught: unknown) => caught);
    expect(InferenceError.isInstance(error)).toBe(true);
    expect(ModelLoadError.isInstance(error)).toBe(false);

    // A logits shape that does not match the batch.
    const options = resolveClassifyOptions({}, classifier.config.gliznet);
    const encoder = { planLabelChunks: async () => [[0, 1]], sharedTextTokens: () => 4, textUnits: async () => [], encodePairs: async () => { throw new Error('unused'); },
      encodeJoint: async (batch: readonly string[]) => ({ inputs: {}, numLabels: batch.map(() => 2), truncated: batch.map(() => false) }) };
    const mismatch = await runClassification({ texts: ['a', 'b'], labelLists: [['x', 'y'], ['x', 'y']], options, architecture: 'gliznet', encoder, runner: { runLogits: async () => ({ data: new Float32Array(2), dims: [1, 2] }) } }).catch((caught: unknown) => caught);
    expect(InferenceError.isInstance(mismatch)).toBe(true);
    expect(String(mismatch)).toMatch(/logits of shape \[1, 2\] for a batch of 2/);

    // onnxruntime failing on inputs of the wrong shape.
    const session = await OnnxSession.create(join(directory, 'onnx', 'model.onnx'), { threads: 1 });
    const three = { data: new Int32Array([2, 5, 3]), dims: [1, 3] };
    const two = { data: new Int32Array([1, 1]), dims: [1, 2] };
    const runError = await session.run({ input_ids: three, attention_mask: two, token_type_ids: three, lmask: three }).catch((caught: unknown) => caught);
    await session.dispose();
    expect(InferenceError.isInstance(runError)).toBe(true);
    expect(String(runError)).toMatch(/onnxruntime failed to run/);
    await expect(session.run({})).rejects.toThrow(/disposed/);
  });

  it('loads the only graph a directory ships without being told its precision, and says which', async () => {
    expect(classifier.quantized).toBe(false);
    const int8Only = await buildRandomModel({ encoder: 'bert', seed: 9, quantize: true });
    try {
      await rm(join(int8Only, 'onnx', 'model.onnx'));
      const loaded = await ZeroShotClassifier.fromPretrained(int8Only, { threads: 1 });
      expect([loaded.quantized, loaded.modelPath]).toEqual([true, join(int8Only, 'onnx', 'model_quantized.onnx')]);
      expect((await loaded.classify(texts[0]!, labels)).labels).toHaveLength(labels.length);
      await loaded.dispose();
      await expect(ZeroShotClassifier.fromPretrained(int8Only, { quantized: false })).rejects.toThrow(/ships only onnx\/model_quantized\.onnx/);
    } finally {
      await rm(int8Only, { recursive: true, force: true });
    }
  });

  it('takes the execution providers to try, cpu by default', async () => {
    expect(classifier.executionProviders).toEqual(['cpu']);
    const explicit = await ZeroShotClassifier.fromPretrained(directory, { threads: 1, executionProviders: ['cpu'] });
    expect(explicit.executionProviders).toEqual(['cpu']);
    await explicit.dispose();
    await expect(ZeroShotClassifier.fromPretrained(directory, { executionProviders: [] })).rejects.toThrow(/executionProviders must be a non-empty array/);
    const missing = await ZeroShotClassifier.fromPretrained(directory, { executionProviders: ['no-such-provider'] }).catch((caught: unknown) => caught);
    expect(BackendUnavailableError.isInstance(missing) || ModelLoadError.isInstance(missing)).toBe(true);
    expect(String(missing)).toMatch(/no-such-provider/);
  });
});
