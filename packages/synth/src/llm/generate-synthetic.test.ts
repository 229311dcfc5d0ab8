import { appendFile, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigurationError } from '@gliznet/common';
import { startFakeLlmServer, unusedLocalUrl, type FakeLlmServer } from '../__fixtures__/fake-llm-server.js';
import { makeTempDirectory } from '../__fixtures__/test-helpers.js';
import { readRecordFile } from '../records/read-records.js';
import { generateSynthetic, type GenerateSyntheticOptions, type SynthesisProgressEvent } from './generate-synthetic.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

async function server(options: { delayMs?: number } = {}): Promise<FakeLlmServer> {
  const started = await startFakeLlmServer(options);
  cleanups.push(() => started.close());
  return started;
}

async function outFile(): Promise<string> {
  const { directory, cleanup } = await makeTempDirectory();
  cleanups.push(cleanup);
  return join(directory, 'synthetic.jsonl');
}

const fast = { baseDelayMs: 1, maxDelayMs: 5, timeoutMs: 400, seed: 3 } satisfies Partial<GenerateSyntheticOptions>;

describe('generateSynthetic with Ollama (/api/chat)', () => {
  it('sends the prompts, retries malformed, off-format, 429 and timed-out replies, and writes valid records', async () => {
    const fake = await server();
    fake.script = ['malformed', 'rate-limit', 'timeout', 'off-format', 'broken-body'];
    const file = await outFile();
    const events: SynthesisProgressEvent[] = [];
    const report = await generateSynthetic({
      ...fast,
      provider: 'ollama',
      model: 'test-model',
      baseUrl: fake.url,
      genres: ['news article', 'poem'],
      labelsPerBatch: 6,
      textsPerBatch: 3,
      count: 6,
      outFile: file,
      concurrency: 1,
      maxAttempts: 6,
      onProgress: (event) => events.push(event),
    });

    // 2 batches: the first needs 6 requests (5 failures), the second 1.
    expect(fake.requests).toHaveLength(7);
    const first = fake.requests[0];
    expect(first?.path).toBe('/api/chat');
    expect(first?.body).toMatchObject({ model: 'test-model', format: 'json', stream: false, options: { temperature: 0.9, seed: 3 } });
    expect(first?.prompt).toContain('Genre: news article');
    expect(first?.prompt).toContain('exactly 6 short, specific labels');
    expect(first?.prompt).toContain('Write 3 different');
    expect(first?.prompt).toMatch(/positive for at least one text AND a negative for at least one other text/);
    expect(fake.requests[6]?.prompt).toContain('Genre: poem');

    expect(report.run).toMatchObject({
      requests: 7,
      failedRequests: 3, // 429, timeout, unreadable body
      invalidReplies: 2, // malformed + off-format
      rateLimited: 1,
      timeouts: 1,
      retries: 5,
      completedBatches: 2,
      skippedBatches: 0,
      records: 6,
      promptTokens: 400, // malformed, off-format and the two valid replies carried usage
      completionTokens: 200,
    });
    const retries = events.filter((event) => event.type === 'retry');
    expect(retries.map((event) => event.reason)).toEqual([
      expect.stringMatching(/^invalid reply: reply is not JSON/),
      expect.stringMatching(/HTTP 429/),
      expect.stringMatching(/no reply .* within 400 ms/),
      expect.stringMatching(/^invalid reply: "labels" must be an array/),
      expect.stringMatching(/unreadable reply/),
    ]);
    expect(retries[1]?.delayMs).toBe(30); // retry-after-ms honoured

    const { records, problems } = await readRecordFile(file);
    expect(problems).toEqual([]);
    expect(records).toHaveLength(6);
    for (const record of records) {
      expect(record.source).toBe('llm:ollama/test-model');
      expect(record.labels.length).toBeGreaterThan(0);
      expect(record.negatives?.some((label) => record.labels.includes(label))).toBe(false);
    }
    expect(records[0]).toMatchObject({
      text: 'A news article text, batch 0, number 0.',
      labels: ['news article topic 0', 'news article topic 3'],
      negatives: ['news article topic 1', 'news article topic 4'],
      meta: { genre: 'news article', batch: 'news article#0#3', batchRecords: 3 },
    });
    const saved = JSON.parse(await readFile(`${file}.report.json`, 'utf8')) as typeof report;
    expect(saved.run.records).toBe(6);
  });
});

describe('generateSynthetic with OpenAI-compatible endpoints', () => {
  it('drives the openai client (/v1/chat/completions) with the key from the environment, never writing the key', async () => {
    const fake = await server();
    fake.script = ['rate-limit', 'malformed'];
    const file = await outFile();
    const events: SynthesisProgressEvent[] = [];
    const secret = 'sk-test-secret-value-123';
    const report = await generateSynthetic({
      ...fast,
      provider: 'openai',
      model: 'gpt-test',
      baseUrl: `${fake.url}/v1`,
      environment: { OPENAI_API_KEY: secret },
      genres: ['tweet'],
      labelsPerBatch: 4,
      textsPerBatch: 2,
      count: 4,
      outFile: file,
      concurrency: 1,
      onProgress: (event) => events.push(event),
    });
    expect(fake.requests.map((request) => request.path)).toEqual(Array(4).fill('/v1/chat/completions'));
    expect(fake.requests[0]?.headers.authorization).toBe(`Bearer ${secret}`);
    expect(fake.requests[0]?.body).toMatchObject({ model: 'gpt-test', response_format: { type: 'json_object' }, seed: 3 });
    expect(report.run).toMatchObject({ requests: 4, rateLimited: 1, invalidReplies: 1, records: 4, completedBatches: 2 });
    const { records } = await readRecordFile(file);
    expect(records.map((record) => record.source)).toEqual(Array(4).fill('llm:openai/gpt-test'));
    const written = [await readFile(file, 'utf8'), await readFile(`${file}.state.json`, 'utf8'), await readFile(`${file}.report.json`, 'utf8'), JSON.stringify(events)];
    for (const text of written) expect(text).not.toContain(secret);
  });

  it('drives groq-sdk (/openai/v1/chat/completions) with GROQ_API_KEY', async () => {
    const fake = await server();
    const file = await outFile();
    const report = await generateSynthetic({
      ...fast,
      provider: 'groq',
      model: 'llama-test',
      baseUrl: fake.url,
      environment: { GROQ_API_KEY: 'gsk-test' },
      count: 10,
      outFile: file,
    });
    expect(fake.requests.map((request) => request.path)).toEqual(['/openai/v1/chat/completions', '/openai/v1/chat/completions']);
    expect(fake.requests[0]?.headers.authorization).toBe('Bearer gsk-test');
    // Default settings: 15 labels, 5 texts per request, the first two default genres.
    expect(fake.requests[0]?.prompt).toContain('exactly 15 short');
    expect(fake.requests.map((request) => /Genre: (.*)/.exec(request.prompt)?.[1])).toEqual(['news article', 'opinion column']);
    expect(report.run.records).toBe(10);
  });

  it('keeps requests in flight within the concurrency bound', async () => {
    const fake = await server({ delayMs: 40 });
    const file = await outFile();
    await generateSynthetic({ ...fast, provider: 'ollama', model: 'm', baseUrl: fake.url, count: 16, textsPerBatch: 2, concurrency: 3, outFile: file });
    expect(fake.requests).toHaveLength(8);
    expect(fake.maxInFlight).toBe(3);
  });
});

describe('errors, skipping and resume', () => {
  it('skips a batch after its attempts, counts it, and a rerun generates only what is missing', async () => {
    const fake = await server();
    fake.script = ['malformed', 'server-error', 'off-format'];
    const file = await outFile();
    const options: GenerateSyntheticOptions = { ...fast, provider: 'ollama', model: 'm', baseUrl: fake.url, count: 9, textsPerBatch: 3, maxAttempts: 3, concurrency: 1, outFile: file };
    const first = await generateSynthetic(options);
    expect(first.run).toMatchObject({ skippedBatches: 1, completedBatches: 2, records: 6, requests: 5 });
    expect(first.skipped).toEqual([{ key: 'news article#0#3', reason: expect.stringMatching(/^invalid reply/) as unknown as string }]);
    expect(first.batches.remaining).toBe(1);

    const requestsBefore = fake.requests.length;
    const second = await generateSynthetic(options);
    expect(fake.requests.length - requestsBefore).toBe(1);
    expect(fake.requests[fake.requests.length - 1]?.prompt).toContain('Genre: news article');
    expect(second.batches).toMatchObject({ alreadyDone: 2, completedThisRun: 1, remaining: 0 });
    expect(second.cumulative).toMatchObject({ requests: 6, records: 9, skippedBatches: 1 });
    const { records } = await readRecordFile(file);
    expect(records).toHaveLength(9);
    expect(new Set(records.map((record) => record.text)).size).toBe(9);
  });

  it('stops on rejected credentials keeping finished batches, then resumes without duplicates after a torn write', async () => {
    const fake = await server();
    fake.script = ['valid', 'valid', 'unauthorized'];
    const file = await outFile();
    const options: GenerateSyntheticOptions = {
      ...fast,
      provider: 'groq',
      model: 'm',
      baseUrl: fake.url,
      environment: { GROQ_API_KEY: 'gsk-secret-abc' },
      genres: ['memo'],
      count: 20,
      textsPerBatch: 5,
      concurrency: 1,
      outFile: file,
    };
    const error = await generateSynthetic(options).catch((caught: unknown) => caught);
    expect(ConfigurationError.isInstance(error)).toBe(true);
    expect((error as Error).message).toMatch(/rejected the credentials \(HTTP 401\)\. Check GROQ_API_KEY/);
    expect((error as Error).message).not.toContain('gsk-secret-abc');
    expect((await readRecordFile(file)).records).toHaveLength(10);

    // Simulate a crash in the middle of writing batch 2: two of its five lines and a partial third.
    const line = (index: number): string =>
      JSON.stringify({ text: `torn ${index}`, labels: ['a'], negatives: ['b'], meta: { batch: 'memo#2#3', batchRecords: 5 } });
    await appendFile(file, `${line(0)}\n${line(1)}\n{"text": "torn 2", "lab`);

    const events: SynthesisProgressEvent[] = [];
    const report = await generateSynthetic({ ...options, onProgress: (event) => events.push(event) });
    expect(events[0]).toMatchObject({ type: 'start', totalBatches: 4, alreadyDone: 2, pendingBatches: 2, droppedIncompleteRecords: 2 });
    expect((events[0] as { droppedPartialBytes: number }).droppedPartialBytes).toBeGreaterThan(0);
    expect(report.run.requests).toBe(2);
    const { records, problems } = await readRecordFile(file);
    expect(problems).toEqual([]);
    expect(records).toHaveLength(20);
    expect(records.some((record) => record.text.startsWith('torn'))).toBe(false);
    const perBatch = new Map<string, number>();
    for (const record of records) perBatch.set(record.meta?.batch as string, (perBatch.get(record.meta?.batch as string) ?? 0) + 1);
    expect(Object.fromEntries(perBatch)).toEqual({ 'memo#0#3': 5, 'memo#1#3': 5, 'memo#2#3': 5, 'memo#3#3': 5 });
  });

  it('reports a provider that is down with its URL and what to check, losing nothing already written', async () => {
    const url = await unusedLocalUrl();
    const file = await outFile();
    await writeFile(file, `${JSON.stringify({ text: 'earlier', labels: ['x'] })}\n`);
    const error = await generateSynthetic({ ...fast, provider: 'ollama', model: 'm', baseUrl: url, count: 5, maxAttempts: 2, outFile: file }).catch(
      (caught: unknown) => caught,
    );
    expect(ConfigurationError.isInstance(error)).toBe(true);
    expect((error as Error).message).toContain(`Cannot reach Ollama at ${url}`);
    expect((error as Error).message).toContain('ECONNREFUSED');
    expect((error as Error).message).toContain('ollama serve');
    expect(await readFile(file, 'utf8')).toBe(`${JSON.stringify({ text: 'earlier', labels: ['x'] })}\n`);
  });

  it('names the missing API key variable before touching any file', async () => {
    const file = await outFile();
    for (const [provider, variable] of [
      ['groq', 'GROQ_API_KEY'],
      ['openai', 'OPENAI_API_KEY'],
    ] as const) {
      const error = await generateSynthetic({ provider, model: 'm', environment: {}, count: 5, outFile: file }).catch((caught: unknown) => caught);
      expect(ConfigurationError.isInstance(error)).toBe(true);
      expect((error as Error).message).toContain(`set the ${variable} environment variable`);
    }
    await expect(readFile(file, 'utf8')).rejects.toThrow(/ENOENT/);
  });

  it('stops when cancelled, keeping whole batches only', async () => {
    const fake = await server({ delayMs: 30 });
    const file = await outFile();
    const controller = new AbortController();
    const report = await generateSynthetic({
      ...fast,
      provider: 'ollama',
      model: 'm',
      baseUrl: fake.url,
      count: 50,
      textsPerBatch: 5,
      concurrency: 2,
      outFile: file,
      signal: controller.signal,
      onProgress: (event) => {
        if (event.type === 'batch' && event.completedBatches === 3) controller.abort();
      },
    });
    expect(report.batches.completedThisRun).toBeGreaterThanOrEqual(3);
    expect(report.batches.remaining).toBeGreaterThan(0);
    const { records } = await readRecordFile(file);
    expect(records).toHaveLength(report.batches.completedThisRun * 5);
  });

  it('stops on an unknown model with a hint', async () => {
    const fake = await server();
    fake.script = ['not-found'];
    const error = await generateSynthetic({ ...fast, provider: 'ollama', model: 'nope', baseUrl: fake.url, count: 5, outFile: await outFile() }).catch(
      (caught: unknown) => caught,
    );
    expect((error as Error).message).toMatch(/404 for model "nope".*ollama pull nope/);
  });
});
