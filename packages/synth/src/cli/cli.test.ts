import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { startFakeLlmServer } from '../__fixtures__/fake-llm-server.js';
import { makeTempDirectory, trigramSentenceEncoder, writeSmallCorpora } from '../__fixtures__/test-helpers.js';
import { runBuildCommand } from './build-command.js';
import { runGenerateCommand } from './generate-command.js';
import { createProgressRenderer, type CommandOutput } from './progress-renderer.js';
import { runStatsCommand } from './stats-command.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

function memoryOutput(interactive = false): CommandOutput & { out: () => string; err: () => string } {
  const collect = (): Writable & { text: string } => {
    const stream = new Writable({
      write(chunk: Buffer, _encoding, callback) {
        stream.text += chunk.toString();
        callback();
      },
    }) as Writable & { text: string; isTTY?: boolean };
    stream.text = '';
    return stream;
  };
  const stdout = collect();
  const stderr = collect() as Writable & { text: string; isTTY?: boolean };
  stderr.isTTY = interactive;
  return { stdout, stderr, out: () => stdout.text, err: () => stderr.text };
}

async function temp(): Promise<string> {
  const { directory, cleanup } = await makeTempDirectory();
  cleanups.push(cleanup);
  return directory;
}

describe('progress renderer', () => {
  it('draws one bar per stage on a terminal and plain lines otherwise', () => {
    const terminal = memoryOutput(true);
    const bar = createProgressRenderer(terminal.stderr);
    bar.update('mining', 1, 2);
    bar.message('a note');
    bar.update('writing', 2, 2);
    const text = terminal.err();
    expect(text).toMatch(/\rmining \[#+\.+\] 50% 1\/2/);
    expect(text).toContain('a note\n');
    expect(text).toMatch(/writing \[#+\] 100% 2\/2 .* done/);
    expect(text.endsWith('\n')).toBe(true);

    const pipe = memoryOutput(false);
    const lines = createProgressRenderer(pipe.stderr, { intervalMs: 60_000 });
    lines.update('mining', 1, 10);
    lines.update('mining', 2, 10); // within the interval: not printed
    lines.update('mining', 10, 10); // end of the stage: always printed
    expect(pipe.err().split('\n').filter(Boolean)).toEqual([expect.stringMatching(/^mining 10% 1\/10/), expect.stringMatching(/^mining 100% 10\/10 .* done$/)]);
  });
});

describe('CLI entry functions', () => {
  it('data stats: prints the table and reports bad lines with file:line', async () => {
    const file = join(await temp(), 'records.jsonl');
    await writeFile(file, `${JSON.stringify({ text: 'a', labels: ['x'], negatives: ['y'] })}\nnot json\n${JSON.stringify({ text: 'b', labels: ['y'] })}\n`);
    const output = memoryOutput();
    const { stats, problems } = await runStatsCommand({ files: [file] }, output);
    expect(stats.records).toBe(2);
    expect(problems).toHaveLength(1);
    expect(output.err()).toContain(`skipped ${file}:2: invalid JSON`);
    expect(output.out()).toContain('records: 2');
    expect(output.out()).toContain('skipped lines: 1');
    const json = memoryOutput();
    await runStatsCommand({ files: [file], json: true }, json);
    expect(JSON.parse(json.out())).toMatchObject({ records: 2, skippedLines: 1, labelCounts: { x: 1, y: 1 } });
  });

  it('data generate: runs against an Ollama-speaking server and summarises the run', async () => {
    const fake = await startFakeLlmServer();
    cleanups.push(() => fake.close());
    fake.script = ['rate-limit'];
    const output = memoryOutput();
    const report = await runGenerateCommand(
      { provider: 'ollama', model: 'm', baseUrl: fake.url, count: 10, outFile: join(await temp(), 'gen.jsonl'), baseDelayMs: 1 },
      output,
    );
    expect(report.run.records).toBe(10);
    expect(output.err()).toMatch(/retry news article#0#42 \(attempt 1\) in 30 ms: HTTP 429/);
    expect(output.err()).toMatch(/batches 100% 2\/2/);
    expect(output.out()).toContain('batches: 2 total, 0 already done, 2 completed, 0 skipped, 0 remaining');
  });

  it('data build: builds from a corpora directory with the injected sentence encoder, its vectors cached beside the output', async () => {
    const directory = await temp();
    await writeSmallCorpora(join(directory, 'corpora'));
    const output = memoryOutput();
    const sentenceEncoder = trigramSentenceEncoder();
    const options = { corpora: join(directory, 'corpora'), outFile: join(directory, 'out', 'train.jsonl'), trainSize: 100, maxCorpusShare: 1, sentenceEncoder };
    const report = await runBuildCommand(options, output);
    expect(report.train.records).toBe(100);
    expect(report.embeddings.modelVersion).toBe('test-trigrams-64');
    expect(output.out()).toContain('train: ');
    expect(output.out()).toContain('15 labels embedded with test-trigrams-64');
    expect(output.out()).toMatch(/intents\s+250\s+\d+/);
    expect(output.err()).toContain('embedding 15 labels');
    expect(sentenceEncoder.embedded.map((texts) => texts.length)).toEqual([15]);
    const cache = JSON.parse(await readFile(join(directory, 'out', 'label-embeddings.json'), 'utf8')) as { modelVersion: string; vectors: Record<string, string> };
    expect(cache.modelVersion).toBe('test-trigrams-64');
    expect(Object.keys(cache.vectors)).toHaveLength(15);
    // A second build reads every vector from the cache: the encoder is not even loaded.
    const firstTrain = await readFile(join(directory, 'out', 'train.jsonl'), 'utf8');
    await runBuildCommand(options, memoryOutput());
    expect(sentenceEncoder.loads).toBe(1);
    expect(await readFile(join(directory, 'out', 'train.jsonl'), 'utf8')).toBe(firstTrain);
  }, 30_000);

  it('data build --exclude leaves whole corpora out, and names unknown ones', async () => {
    const directory = await temp();
    await writeSmallCorpora(join(directory, 'corpora'));
    const corpora = join(directory, 'corpora');
    const sentenceEncoder = trigramSentenceEncoder();
    const report = await runBuildCommand({ corpora, exclude: ['emotions'], outFile: join(directory, 'out', 'train.jsonl'), trainSize: 60, maxCorpusShare: 1, sentenceEncoder }, memoryOutput());
    expect(report.corpora.map((corpus) => corpus.name).sort()).toEqual(['intents', 'spam']);
    const records = (await readFile(join(directory, 'out', 'train.jsonl'), 'utf8')).trim().split('\n').map((line) => JSON.parse(line) as { text: string });
    expect(records.some((record) => record.text.startsWith('feeling text'))).toBe(false);
    await expect(runBuildCommand({ corpora, exclude: ['emotion'], outFile: join(directory, 'x', 'train.jsonl'), sentenceEncoder }, memoryOutput())).rejects.toThrow(
      /--exclude names no corpus in .*: emotion; the corpora are emotions, intents, spam/,
    );
    await expect(runBuildCommand({ corpora, only: ['spam'], exclude: ['intents'], outFile: join(directory, 'y', 'train.jsonl'), sentenceEncoder }, memoryOutput())).rejects.toThrow(/either --only .* or --exclude/);
  }, 30_000);
});
