/**
 * 1,000 randomly malformed requests (bad JSON, wrong types, huge strings, unicode junk, missing and
 * unknown fields, wrong content types) against a server with a real tiny model: every answer is a
 * 4xx with the JSON error body, and the server is still ready and classifying afterwards.
 */
import { rm } from 'node:fs/promises';
import { createSeededRandom } from '@gliznet/common';
import { ZeroShotClassifier } from '@gliznet/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTinyModel, startTestServer } from './__fixtures__/tiny-model.js';
import type { GliznetServer } from './create-server.js';

const JUNK = ['\u0000', '\uD800', '\uDFFF', '\u202E', '\uFEFF', '😀', 'ﷺ', '\u0301', '\n', '"', '\\', '{', ']', ';', '　', 'ǅ', '\u{10FFFF}'];

describe('fuzz: malformed requests', () => {
  let directory: string;
  let classifier: ZeroShotClassifier;
  let server: GliznetServer;
  let url: string;
  beforeAll(async () => {
    directory = await buildTinyModel(5);
    classifier = await ZeroShotClassifier.fromPretrained(directory, { threads: 1 });
    ({ server, url } = await startTestServer(classifier, { maxTexts: 16, maxLabels: 16, maxTextLength: 2000, bodyLimit: 64 * 1024, maxWaitMs: 1 }));
  });
  afterAll(async () => {
    await server.close();
    await classifier.dispose();
    await rm(directory, { recursive: true, force: true });
  });

  it('answers 1,000 malformed requests with 4xx and stays ready', async () => {
    const random = createSeededRandom(20261203);
    const pick = <T>(items: readonly T[]): T => items[Math.floor(random.next() * items.length)] as T;
    const junk = (length: number): string => Array.from({ length }, () => pick(JUNK)).join('');
    const wrongValue = (): unknown => pick<unknown>([42, -1.5, true, null, {}, [], [1, 2], { a: junk(3) }, [[]], [null]]);
    const valid = () => ({ inputs: 'a text', parameters: { candidate_labels: ['a', 'b'] } as Record<string, unknown> });

    // Each generator returns [route, body (string = raw), content type]; every one is invalid.
    const generators: (() => [string, string, string])[] = [
      () => ['/', JSON.stringify(valid()).slice(0, 1 + Math.floor(random.next() * 40)), 'application/json'], // truncated JSON
      () => ['/', `{${junk(1 + Math.floor(random.next() * 20))}`, 'application/json'], // junk JSON
      () => ['/', JSON.stringify({ ...valid(), inputs: wrongValue() }), 'application/json'],
      () => ['/zero-shot-classification', JSON.stringify({ inputs: 'x', parameters: { candidate_labels: wrongValue() } }), 'application/json'],
      () => ['/', JSON.stringify({ inputs: 'x', parameters: { candidate_labels: ['a'], multi_label: pick(['yes', 1, {}, []]) } }), 'application/json'],
      () => ['/', JSON.stringify({ parameters: valid().parameters }), 'application/json'], // missing inputs
      () => ['/', JSON.stringify({ inputs: 'x' }), 'application/json'], // missing parameters
      () => ['/', JSON.stringify({ ...valid(), [junk(4)]: 1 }), 'application/json'], // unknown junk field
      () => ['/', JSON.stringify({ inputs: 'x'.repeat(2001 + Math.floor(random.next() * 3000)), parameters: { candidate_labels: ['a'] } }), 'application/json'], // text over the limit
      () => ['/', JSON.stringify({ inputs: 'x'.repeat(70_000), parameters: { candidate_labels: ['a'] } }), 'application/json'], // body over the limit
      () => ['/', JSON.stringify({ inputs: junk(5), parameters: { candidate_labels: [junk(3), ';'] } }), 'application/json'], // a label of only the separator
      () => ['/', JSON.stringify({ inputs: ' \n\t ', parameters: { candidate_labels: ['a'] } }), 'application/json'], // blank text
      () => { const label = `label ${junk(2)}x`; return ['/', JSON.stringify({ inputs: junk(8) + 'w', parameters: { candidate_labels: [label, ` ${label.toUpperCase()} `] } }), 'application/json']; }, // duplicate labels
      () => ['/', JSON.stringify({ inputs: [], parameters: { candidate_labels: ['a'] } }), 'application/json'],
      () => ['/', JSON.stringify({ inputs: Array.from({ length: 17 }, () => junk(3) + 'w'), parameters: { candidate_labels: ['a'] } }), 'application/json'], // too many texts
      () => ['/', JSON.stringify({ inputs: 'x', parameters: { candidate_labels: Array.from({ length: 17 }, (_, index) => `label ${index}`) } }), 'application/json'], // too many labels
      () => ['/v1/classify', JSON.stringify({ texts: wrongValue(), labels: ['a'] }), 'application/json'],
      () => ['/v1/classify', JSON.stringify({ texts: ['x'], labels: ['a'], threshold: pick([-1, 2, 'half', null]) }), 'application/json'],
      () => ['/v1/classify', JSON.stringify({ texts: ['x'], labels: ['a'], topK: pick([0, 1.5, -3, '2']) }), 'application/json'],
      () => ['/v1/classify', JSON.stringify({ texts: ['x', 'y'], labels: [['a'], ['b'], ['c']] }), 'application/json'],
      () => ['/', JSON.stringify(valid()), pick(['text/plain', 'application/xml', 'multipart/form-data; boundary=x', 'application/x-www-form-urlencoded', pick(['\u00e4', '\u00ff', 'x y']) + '/json'])],
      () => ['/', pick(['', 'null', '[]', '"text"', '12', 'true', '{"inputs": "x", "parameters": {"candidate_labels": ["a"],}}', '\uFEFF{}']), 'application/json'],
      () => [pick(['/v2/classify', '/zero-shot', `/${encodeURIComponent(pick(['😀', 'é', '\u202E', ';', '..']))}${Math.floor(random.next() * 1000)}`, '/v1/classify/extra', '//']), JSON.stringify(valid()), 'application/json'],
    ];
    const answers: { status: number; generator: number; body: string }[] = [];
    for (let round = 0; round < 1000; round += 10) {
      // Ten at a time, so malformed requests also meet in the batcher.
      answers.push(
        ...(await Promise.all(
          Array.from({ length: 10 }, async () => {
            const generator = Math.floor(random.next() * generators.length);
            const [route, body, contentType] = (generators[generator] as () => [string, string, string])();
            const response = await fetch(`${url}${route}`, { method: 'POST', headers: { 'content-type': contentType }, body });
            return { status: response.status, generator, body: await response.text() };
          }),
        )),
      );
    }
    expect(answers).toHaveLength(1000);
    const not4xx = answers.filter((answer) => answer.status < 400 || answer.status >= 500);
    expect(not4xx.slice(0, 5)).toEqual([]);
    // Every answer is the JSON error body, and every generator ran.
    for (const answer of answers) expect((JSON.parse(answer.body) as { error: { code: string } }).error.code).toMatch(/Error$/);
    expect(new Set(answers.map((answer) => answer.generator)).size).toBe(generators.length);

    expect((await fetch(`${url}/ready`)).status).toBe(200);
    const ok = await fetch(`${url}/`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ inputs: `junk ${junk(6)} text`, parameters: { candidate_labels: ['a', 'b'] } }) });
    expect(ok.status).toBe(200);
  });
});
