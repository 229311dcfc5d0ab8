/**
 * The server over real HTTP on a loopback port with a tiny random model: every route, every error
 * answer, dynamic batching (results identical to one-by-one SDK calls), overload and readiness.
 */
import { rm } from 'node:fs/promises';
import { InferenceError } from '@gliznet/common';
import { ZeroShotClassifier, type ClassifyManyOptions, type ClassifyRequest } from '@gliznet/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTinyModel, post, startTestServer } from './__fixtures__/tiny-model.js';
import type { ServedClassifier } from './create-server.js';

const labels = ['sports', 'politics', 'science', 'music', 'food'];
const texts = ['the team won the game', 'this is a very good movie about music', 'the senate voted on the law', 'i love the food and the music of this film'];
const newClient = { 'user-agent': 'unknown/None; hf_hub/2.4.0; python/3.11.2' };
const oldClient = { 'user-agent': 'unknown/None; hf_hub/0.26.5; python/3.11.2' };

/** Wraps a classifier to record how many requests each classifyMany call joined. */
function recording(classifier: ZeroShotClassifier): ServedClassifier & { calls: number[] } {
  const calls: number[] = [];
  return {
    calls,
    modelDirectory: classifier.modelDirectory,
    modelPath: classifier.modelPath,
    checkClassifyInput: (...args) => classifier.checkClassifyInput(...args),
    classifyMany: (requests: readonly ClassifyRequest[], options?: ClassifyManyOptions) => {
      calls.push(requests.length);
      return classifier.classifyMany(requests, options);
    },
  };
}

describe('gliznet server routes', () => {
  let directory: string;
  let classifier: ZeroShotClassifier;
  let served: ReturnType<typeof recording>;
  let url: string;
  let close: () => Promise<void>;
  beforeAll(async () => {
    directory = await buildTinyModel(3);
    classifier = await ZeroShotClassifier.fromPretrained(directory, { threads: 1 });
    served = recording(classifier);
    const started = await startTestServer(served, { maxWaitMs: 30, maxTexts: 8, maxLabels: 6, maxTextLength: 500, bodyLimit: 4096 });
    url = started.url;
    close = () => started.server.close();
  });
  afterAll(async () => {
    await close();
    await classifier.dispose();
    await rm(directory, { recursive: true, force: true });
  });

  it('POST / answers like the Hugging Face API: {sequence, labels, scores}, best first, the SDK\'s scores', async () => {
    const answer = await post(`${url}/`, { inputs: texts[0], parameters: { candidate_labels: labels } });
    expect(answer.status).toBe(200);
    const expected = await classifier.classify(texts[0]!, labels);
    expect(answer.body).toEqual({ sequence: texts[0], labels: expected.labels, scores: expected.scores });
    expect(Object.keys(answer.body)).toEqual(['sequence', 'labels', 'scores']);
    expect(answer.body.scores).toEqual([...answer.body.scores].sort((a: number, b: number) => b - a));
  });

  it('POST /zero-shot-classification: several inputs, comma-separated labels, multi_label (every label kept), "{}" templates', async () => {
    const several = await post(`${url}/zero-shot-classification`, { inputs: texts.slice(0, 2), parameters: { candidate_labels: 'sports, politics,music', multi_label: true } });
    expect(several.status).toBe(200);
    expect(several.body).toHaveLength(2);
    const expected = await classifier.classify(texts.slice(0, 2), ['sports', 'politics', 'music'], { multiLabel: true, threshold: 0 });
    expect(several.body[1]).toEqual({ sequence: texts[1], labels: expected[1]!.labels, scores: expected[1]!.scores });
    expect(several.body[0].labels).toHaveLength(3);

    const templated = await post(`${url}/`, { inputs: texts[2], parameters: { candidate_labels: labels, hypothesis_template: 'this is about {} .' } });
    const viaSdk = await classifier.classify(texts[2]!, labels, { hypothesisTemplate: 'this is about {label} .' });
    expect(templated.body.scores).toEqual(viaSdk.scores);
    // HF's "options" block is accepted and ignored; null parameters are defaults.
    const withOptions = await post(`${url}/`, { inputs: texts[0], parameters: { candidate_labels: labels, multi_label: null, hypothesis_template: null }, options: { wait_for_model: true } });
    expect(withOptions.status).toBe(200);
  });

  it('answers huggingface_hub >= 1.1.5 with [{label, score}] (what its InferenceClient parses)', async () => {
    const answer = await post(`${url}/`, { inputs: texts[0], parameters: { candidate_labels: labels, multi_label: false } }, newClient);
    const expected = await classifier.classify(texts[0]!, labels);
    expect(answer.body).toEqual(expected.labels.map((label, index) => ({ label, score: expected.scores[index] })));
    const old = await post(`${url}/`, { inputs: texts[0], parameters: { candidate_labels: labels } }, oldClient);
    expect(old.body.labels).toEqual(expected.labels);
  });

  it('POST /v1/classify answers what classify returns, truncated included', async () => {
    const one = await post(`${url}/v1/classify`, { texts: texts[1], labels, topK: 2 });
    expect(one.body).toEqual(await classifier.classify(texts[1]!, labels, { topK: 2 }));
    const lists = [labels, ['food', 'music'], ['science'], labels];
    const many = await post(`${url}/v1/classify`, { texts, labels: lists, multiLabel: true, threshold: 0.2 });
    expect(many.body).toEqual(await classifier.classify(texts, lists, { multiLabel: true, threshold: 0.2 }));
    const long = await post(`${url}/v1/classify`, { texts: Array.from({ length: 80 }, () => 'game').join(' '), labels });
    expect(long.body.truncated).toBe(true);
  });

  it('GET /health, /ready, /metrics, /openapi.json', async () => {
    expect(await (await fetch(`${url}/health`)).json()).toEqual({ status: 'ok' });
    const ready = await fetch(`${url}/ready`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ status: 'ready', model: directory });
    const metrics = await fetch(`${url}/metrics`);
    expect(metrics.headers.get('content-type')).toMatch(/text\/plain/);
    const text = await metrics.text();
    expect(text).toMatch(/gliznet_http_requests_total\{route="\/",method="POST",status="200"\} \d+/);
    expect(text).toMatch(/gliznet_http_request_duration_seconds_bucket\{le="0\.1",route="\/"\} \d+/);
    for (const name of ['gliznet_batch_texts_bucket', 'gliznet_batch_requests_count', 'gliznet_queue_texts 0', 'gliznet_queue_requests 0', 'gliznet_batch_inference_seconds_sum', 'gliznet_process_cpu_seconds_total']) expect(text).toContain(name);
    const openApi = (await (await fetch(`${url}/openapi.json`)).json()) as { openapi: string; paths: Record<string, unknown> };
    expect(openApi.openapi).toBe('3.1.0');
    expect(Object.keys(openApi.paths).sort()).toEqual(['/', '/health', '/metrics', '/openapi.json', '/ready', '/v1/classify', '/zero-shot-classification']);
  });

  it('joins concurrent requests into shared batches; every result equals a one-by-one SDK call', async () => {
    served.calls.length = 0;
    const bodies = Array.from({ length: 12 }, (_, index) => ({ inputs: `${texts[index % texts.length]!} number ${index}`, parameters: { candidate_labels: index % 3 === 0 ? ['food', 'music'] : labels, multi_label: index % 2 === 0 } }));
    const answers = await Promise.all(bodies.map((body) => post(`${url}/`, body)));
    expect(served.calls.reduce((a, b) => a + b, 0)).toBe(12);
    expect(served.calls.length).toBeLessThan(12);
    expect(Math.max(...served.calls)).toBeGreaterThan(1);
    for (const [index, body] of bodies.entries()) {
      const alone = await classifier.classify(body.inputs, body.parameters.candidate_labels, body.parameters.multi_label ? { multiLabel: true, threshold: 0 } : {});
      expect(answers[index]!.status).toBe(200);
      expect(answers[index]!.body.labels).toEqual(alone.labels);
      answers[index]!.body.scores.forEach((score: number, position: number) => expect(score).toBeCloseTo(alone.scores[position]!, 6));
    }
  });

  it('a bad request batched with good ones fails alone', async () => {
    const tooLong = Array.from({ length: 60 }, (_, index) => `word${index}`).join(' '); // no room beside the text in a 48-token window
    const answers = await Promise.all([
      post(`${url}/`, { inputs: texts[0], parameters: { candidate_labels: labels } }),
      post(`${url}/`, { inputs: texts[1], parameters: { candidate_labels: ['sports', tooLong] } }),
      post(`${url}/v1/classify`, { texts: [texts[2]], labels }),
    ]);
    expect(answers.map((answer) => answer.status)).toEqual([200, 400, 200]);
    expect(answers[1]!.body.error.code).toBe('InputTooLongError');
    expect(answers[1]!.body.error.param).toMatch(/^parameters\.candidate_labels/);
  });

  it.each([
    ['malformed JSON', '/', '{"inputs": "x", ', 400, 'MalformedJsonError', null],
    ['an empty body', '/', '', 400, 'MalformedJsonError', null],
    ['a wrong type', '/', { inputs: 3, parameters: { candidate_labels: ['a'] } }, 400, 'InvalidArgumentError', 'inputs'],
    ['a missing field', '/', { inputs: 'x' }, 400, 'InvalidArgumentError', 'parameters'],
    ['a missing label list', '/zero-shot-classification', { inputs: 'x', parameters: {} }, 400, 'InvalidArgumentError', 'parameters.candidate_labels'],
    ['an unknown field', '/', { inputs: 'x', parameters: { candidate_labels: ['a'], top_k: 2 } }, 400, 'InvalidArgumentError', 'parameters.top_k'],
    ['a label of the wrong type', '/', { inputs: 'x', parameters: { candidate_labels: ['a', 2] } }, 400, 'InvalidArgumentError', 'parameters.candidate_labels[1]'],
    ['empty labels', '/', { inputs: 'x', parameters: { candidate_labels: ' , ' } }, 400, 'InvalidArgumentError', 'parameters.candidate_labels'],
    ['a blank label', '/', { inputs: 'x', parameters: { candidate_labels: ['a', ' '] } }, 400, 'InvalidArgumentError', 'parameters.candidate_labels[1]'],
    ['duplicate labels', '/', { inputs: 'x', parameters: { candidate_labels: ['Sports', 'sports '] } }, 400, 'InvalidArgumentError', 'parameters.candidate_labels[1]'],
    ['a label with the separator', '/', { inputs: 'x', parameters: { candidate_labels: ['a ; b', 'c'] } }, 400, 'InvalidArgumentError', 'parameters.candidate_labels[0]'],
    ['too many labels', '/', { inputs: 'x', parameters: { candidate_labels: ['a', 'b', 'c', 'd', 'e', 'f', 'g'] } }, 400, 'InvalidArgumentError', 'parameters.candidate_labels'],
    ['too many texts', '/', { inputs: Array.from({ length: 9 }, () => 'x'), parameters: { candidate_labels: ['a'] } }, 400, 'InvalidArgumentError', 'inputs'],
    ['a text over the limit', '/', { inputs: ['ok', 'y'.repeat(501)], parameters: { candidate_labels: ['a'] } }, 400, 'InvalidArgumentError', 'inputs[1]'],
    ['an empty text', '/', { inputs: '  ', parameters: { candidate_labels: ['a'] } }, 400, 'InvalidArgumentError', 'inputs'],
    ['a template without placeholder', '/', { inputs: 'x', parameters: { candidate_labels: ['a'], hypothesis_template: 'about it' } }, 400, 'InvalidArgumentError', 'parameters.hypothesis_template'],
    ['a template with the separator', '/', { inputs: 'x', parameters: { candidate_labels: ['a'], hypothesis_template: 'a ; {}' } }, 400, 'InvalidArgumentError', 'parameters.hypothesis_template'],
    ['labels per text that do not match the texts', '/v1/classify', { texts: ['a', 'b'], labels: [['x'], ['y'], ['z']] }, 400, 'InvalidArgumentError', 'labels'],
    ['a threshold out of range', '/v1/classify', { texts: ['a'], labels: ['x'], threshold: 2 }, 400, 'InvalidArgumentError', 'threshold'],
    ['a string where a boolean goes', '/v1/classify', { texts: ['a'], labels: ['x'], multiLabel: 'true' }, 400, 'InvalidArgumentError', 'multiLabel'],
  ])('%s: %s -> %i %s naming %s', async (_name, route, body, status, code, param) => {
    const answer = await post(`${url}${route}`, body);
    expect(answer.status).toBe(status);
    expect(answer.body.error.code).toBe(code);
    expect(answer.body.error.param).toBe(param);
    expect(answer.body.error.message.length).toBeGreaterThan(10);
  });

  it('415 for a non-JSON content type, 413 for a body over the limit, 404 for an unknown route', async () => {
    const plain = await post(`${url}/`, 'inputs=x', { 'content-type': 'text/plain' });
    expect(plain.status).toBe(415);
    expect(plain.body.error.code).toBe('UnsupportedMediaTypeError');
    const form = await post(`${url}/`, 'inputs=x', { 'content-type': 'application/x-www-form-urlencoded' });
    expect(form.status).toBe(415);
    const huge = await post(`${url}/`, { inputs: 'x'.repeat(5000), parameters: { candidate_labels: ['a'] } });
    expect(huge.status).toBe(413);
    expect(huge.body.error.message).toMatch(/4096 bytes/);
    const missing = await fetch(`${url}/v2/classify`, { method: 'POST' });
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as { error: { code: string } }).error.code).toBe('NotFoundError');
    expect((await fetch(`${url}/v1/classify`)).status).toBe(404); // GET on a POST route
  });

  it('answers legacy huggingface_hub clients with a string error, which they can read', async () => {
    const answer = await post(`${url}/`, { inputs: 'x', parameters: { candidate_labels: ['a', 'A'] } }, oldClient);
    expect(answer.status).toBe(400);
    expect(typeof answer.body.error).toBe('string');
    expect(answer.body.error).toMatch(/^InvalidArgumentError: .*\(param: parameters.candidate_labels\[1\]\)$/);
    const fresh = await post(`${url}/`, { inputs: 'x', parameters: { candidate_labels: ['a', 'A'] } }, newClient);
    expect(fresh.body.error.code).toBe('InvalidArgumentError');
  });
});

describe('gliznet server under failure and overload', () => {
  const gated = () => {
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const classifier: ServedClassifier = {
      checkClassifyInput: () => undefined,
      async classifyMany(requests) {
        await gate;
        return { results: requests.map((request) => request.texts.map((text) => ({ text, labels: ['a'], scores: [1], truncated: false }))), timings: { tokenizationMs: 0, inferenceMs: 0, postprocessingMs: 0, batches: 1, passes: 1 } };
      },
    };
    return { classifier, release: () => release() };
  };

  it('503 with Retry-After when the queue is full; the queued requests are still answered', async () => {
    const { classifier, release } = gated();
    const { server, url } = await startTestServer(classifier, { maxBatch: 2, maxWaitMs: 0, maxQueue: 4 });
    try {
      const body = { inputs: 'x', parameters: { candidate_labels: ['a'] } };
      const first = post(`${url}/`, body); // runs, held by the gate
      await new Promise((resolve) => setTimeout(resolve, 50));
      const queued = Array.from({ length: 4 }, () => post(`${url}/`, body));
      await new Promise((resolve) => setTimeout(resolve, 50));
      const refused = await post(`${url}/`, body);
      expect(refused.status).toBe(503);
      expect(refused.headers.get('retry-after')).toBe('1');
      expect(refused.body.error.code).toBe('ServerOverloadedError');
      release();
      expect((await Promise.all([first, ...queued])).map((answer) => answer.status)).toEqual([200, 200, 200, 200, 200]);
      const metrics = await (await fetch(`${url}/metrics`)).text();
      expect(metrics).toMatch(/gliznet_http_requests_total\{route="\/",method="POST",status="503"\} 1/);
    } finally {
      release();
      await server.close();
    }
  });

  it('503 for a request that waited past the request timeout', async () => {
    const { classifier, release } = gated();
    const { server, url } = await startTestServer(classifier, { maxBatch: 1, maxWaitMs: 0, requestTimeoutMs: 100 });
    try {
      const body = { texts: ['x'], labels: ['a'] };
      const first = post(`${url}/v1/classify`, body);
      await new Promise((resolve) => setTimeout(resolve, 20));
      const late = await post(`${url}/v1/classify`, body);
      expect(late.status).toBe(503);
      expect(late.body.error.code).toBe('AbortedError');
      release();
      expect((await first).status).toBe(200);
    } finally {
      release();
      await server.close();
    }
  });

  it('500 InferenceError for a run-time failure; the process keeps serving', async () => {
    let fail = true;
    const classifier: ServedClassifier = {
      checkClassifyInput: () => undefined,
      async classifyMany(requests) {
        if (fail) throw new InferenceError('onnxruntime failed to run model.onnx');
        return { results: requests.map((request) => request.texts.map((text) => ({ text, labels: ['a'], scores: [1], truncated: false }))), timings: { tokenizationMs: 0, inferenceMs: 0, postprocessingMs: 0, batches: 1, passes: 1 } };
      },
    };
    const logged: string[] = [];
    const { server, url } = await startTestServer(classifier, { log: (line) => logged.push(line) });
    try {
      const failed = await post(`${url}/`, { inputs: 'x', parameters: { candidate_labels: ['a'] } });
      expect(failed.status).toBe(500);
      expect(failed.body.error).toEqual({ code: 'InferenceError', message: 'onnxruntime failed to run model.onnx', param: null });
      expect(logged.join('\n')).toMatch(/InferenceError/);
      fail = false;
      expect((await post(`${url}/`, { inputs: 'x', parameters: { candidate_labels: ['a'] } })).status).toBe(200);
    } finally {
      await server.close();
    }
  });

  it('is alive but not ready while the model loads, then ready', async () => {
    let resolveLoad: (classifier: ServedClassifier) => void = () => undefined;
    const loading = new Promise<ServedClassifier>((resolve) => (resolveLoad = resolve));
    const { server, url } = await startTestServer(loading);
    try {
      expect((await fetch(`${url}/health`)).status).toBe(200);
      const notReady = await fetch(`${url}/ready`);
      expect(notReady.status).toBe(503);
      const early = await post(`${url}/`, { inputs: 'x', parameters: { candidate_labels: ['a'] } });
      expect(early.status).toBe(503);
      expect(early.body.error.code).toBe('NotReadyError');
      resolveLoad(gated().classifier);
      await new Promise((resolve) => setTimeout(resolve, 10));
      expect((await fetch(`${url}/ready`)).status).toBe(200);
    } finally {
      await server.close();
    }
  });
});
