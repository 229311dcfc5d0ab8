/**
 * The gliznet CLI end to end on a tiny random GliZNet model: single texts (table and --json),
 * batch files to --output, resuming an interrupted output, help texts and error exit codes.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildRandomModel } from '../__fixtures__/random-model.js';
import { runCli } from './run-cli.js';

function capture(options: { stdinText?: string; tty?: boolean } = {}) {
  const out: string[] = [];
  const err: string[] = [];
  return {
    out,
    err,
    io: {
      stdout: { write: (text: string) => out.push(text) },
      stderr: { isTTY: options.tty ?? false, write: (text: string) => err.push(text) },
      ...(options.stdinText === undefined ? {} : { stdin: Readable.from([options.stdinText]) }),
    },
  };
}

let modelDirectory: string;
let workDirectory: string;
beforeAll(async () => {
  modelDirectory = await buildRandomModel({ encoder: 'bert', seed: 11, quantize: false });
  workDirectory = await mkdtemp(join(tmpdir(), 'gliznet-cli-'));
});
afterAll(async () => {
  await rm(modelDirectory, { recursive: true, force: true });
  await rm(workDirectory, { recursive: true, force: true });
});

describe('gliznet classify', () => {
  it('prints a table, or JSON lines with --json', async () => {
    const table = capture();
    expect(await runCli(['classify', 'the team won the game', '--labels', 'sports,politics,food', '--model', modelDirectory], table.io)).toBe(0);
    expect(table.out.join('')).toMatch(/^"the team won the game"\n {2}\S+ +0\.\d{4}\n/);
    const json = capture();
    expect(await runCli(['classify', 'first text', 'second text', '--labels', 'sports,politics', '--model', modelDirectory, '--json', '--multi-label', '--threshold', '0'], json.io)).toBe(0);
    const records = json.out.join('').trim().split('\n').map((line) => JSON.parse(line) as { index: number; text: string; labels: string[]; scores: number[]; truncated: boolean });
    expect(records.map((record) => [record.index, record.text, record.labels.length, record.truncated])).toEqual([[0, 'first text', 2, false], [1, 'second text', 2, false]]);
  });

  it('classifies an --input file to --output with progress, and resumes an interrupted output', async () => {
    const input = join(workDirectory, 'texts.jsonl');
    const lines = Array.from({ length: 10 }, (_, index) => JSON.stringify({ text: `text number ${index} about the game`, id: `t${index}`, labels: ['gold'] }));
    lines[3] = JSON.stringify({ text: 'per-record labels', candidate_labels: ['food', 'music', 'news'] });
    await writeFile(input, `${lines.join('\n')}\n`);
    const output = join(workDirectory, 'out.jsonl');
    const first = capture();
    expect(await runCli(['classify', '--input', input, '--output', output, '--labels', 'sports,politics', '--model', modelDirectory, '--batch-size', '2'], first.io)).toBe(0);
    const complete = await readFile(output, 'utf8');
    const records = complete.trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(records.map((record) => record['index'])).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(records[0]!['id']).toBe('t0');
    expect([...(records[3]!['labels'] as string[])].sort()).toEqual(['food', 'music', 'news']);
    expect(first.out).toEqual([]);
    expect(first.err.join('')).toMatch(/classify 100% 10\/10 .* done/);

    // Simulate an interruption: keep 4 complete lines and half of the fifth, then run again.
    const kept = complete.split('\n').slice(0, 4).join('\n');
    await writeFile(output, `${kept}\n{"index":4,"te`);
    const second = capture();
    expect(await runCli(['classify', '--input', input, '--output', output, '--labels', 'sports,politics', '--model', modelDirectory, '--no-progress'], second.io)).toBe(0);
    expect(second.err.join('')).toMatch(/resuming .*4 results kept, dropped a partial last line/);
    expect(await readFile(output, 'utf8')).toBe(complete);
  });

  it('reads texts from stdin and writes JSON lines to stdout', async () => {
    const run = capture({ stdinText: 'one text\nanother text\n' });
    expect(await runCli(['classify', '--input', '-', '--labels', 'a,b', '--model', modelDirectory, '--no-progress'], run.io)).toBe(0);
    expect(run.out.join('').trim().split('\n').map((line) => (JSON.parse(line) as { text: string }).text)).toEqual(['one text', 'another text']);
  });

  it('exits 2 with a clear message on bad usage, 1 on a missing model', async () => {
    const usage = capture();
    expect(await runCli(['classify', 'text'], usage.io)).toBe(2);
    expect(usage.err.join('')).toMatch(/InvalidArgumentError: no candidate labels/);
    const missing = capture();
    expect(await runCli(['classify', 'text', '--labels', 'a', '--model', join(workDirectory, 'nope')], missing.io)).toBe(1);
    expect(missing.err.join('')).toMatch(/ModelLoadError: model directory .*nope does not exist/);
    const noModel = capture();
    const saved = process.env['GLIZNET_MODEL_DIR'];
    process.env['GLIZNET_MODEL_DIR'] = join(workDirectory, 'also-missing');
    try {
      expect(await runCli(['classify', 'text', '--labels', 'a'], noModel.io)).toBe(1);
    } finally {
      if (saved === undefined) delete process.env['GLIZNET_MODEL_DIR'];
      else process.env['GLIZNET_MODEL_DIR'] = saved;
    }
    expect(noModel.err.join('')).toMatch(/GLIZNET_MODEL_DIR is set to/);
    const bad = capture();
    const input = join(workDirectory, 'bad.jsonl');
    await writeFile(input, '{"text":"ok"}\n{"txt":"typo"}\n');
    expect(await runCli(['classify', '--input', input, '--labels', 'a', '--model', modelDirectory, '--no-progress'], bad.io)).toBe(1);
    expect(bad.err.join('')).toMatch(/DataFormatError: .*bad\.jsonl:2: field "text" must be a string/);
    const duplicate = capture();
    await writeFile(input, '{"text":"ok"}\n{"text":"fine","candidate_labels":["food","Food"]}\n');
    expect(await runCli(['classify', '--input', input, '--labels', 'a', '--model', modelDirectory, '--no-progress'], duplicate.io)).toBe(1);
    expect(duplicate.err.join('')).toMatch(/DataFormatError: .*bad\.jsonl:2: the labels\[1\] "Food" repeats/);
  });
});

describe('gliznet help and info', () => {
  it('prints help for every command and the version', async () => {
    for (const argv of [['--help'], ['help'], ['classify', '--help'], ['help', 'classify'], ['info', '--help']]) {
      const run = capture();
      expect(await runCli(argv, run.io), argv.join(' ')).toBe(0);
      expect(run.out.join('')).toMatch(/^Usage: gliznet/);
    }
    const version = capture();
    expect(await runCli(['--version'], version.io)).toBe(0);
    expect(version.out.join('')).toMatch(/^\d+\.\d+\.\d+\n$/);
    const unknown = capture();
    expect(await runCli(['frobnicate'], unknown.io)).toBe(2);
    expect(unknown.err.join('')).toMatch(/unknown command "frobnicate"/);
  });

  it('info shows the model settings and inputs', async () => {
    const run = capture();
    expect(await runCli(['info', '--model', modelDirectory, '--json'], run.io)).toBe(0);
    const info = JSON.parse(run.out.join('')) as { inputs: string[]; gliznet: { architecture: string } };
    expect(info.inputs).toContain('lmask');
    expect(info.gliznet.architecture).toBe('gliznet');
  });
});
