import { describe, expect, it } from 'vitest';
import type { BatchStatus } from '../status.js';
import { formatStatus } from './query-commands.js';
import { parseSubmitArguments, splitSubmitArguments } from './submit-command.js';

describe('batch submit arguments', () => {
  it('takes out the batch options (both spellings) and leaves the classify options', () => {
    expect(splitSubmitArguments(['--input', 'a.jsonl', '--redis=redis://127.0.0.1:7000', '--chunk-size', '50', '--multi-label'])).toEqual({
      own: { '--redis': 'redis://127.0.0.1:7000', '--chunk-size': '50' },
      rest: ['--input', 'a.jsonl', '--multi-label'],
    });
    expect(() => splitSubmitArguments(['--chunk-size', '--multi-label'])).toThrow('--chunk-size needs a value');
  });

  it('parses the classify options with the sdk parser', () => {
    const parsed = parseSubmitArguments(['--input', 'a.jsonl', '--labels', 'x,y\\, z', '--multi-label', '--threshold', '0.3', '--redis', 'redis://127.0.0.1:7000', '--attempts', '5']);
    expect(parsed.help).toBe(false);
    if (parsed.help) return;
    expect(parsed.classify.labels).toEqual(['x', 'y, z']);
    expect(parsed.classify.classifyOptions).toMatchObject({ multiLabel: true, threshold: 0.3 });
    expect([parsed.chunkSize, parsed.attempts, parsed.backoffMs, parsed.redis]).toEqual([1000, 5, 2000, 'redis://127.0.0.1:7000']);
  });

  it('names what is wrong and the fix', () => {
    const redis = ['--redis', 'redis://127.0.0.1:7000'];
    expect(() => parseSubmitArguments(['--labels', 'a,b', ...redis])).toThrow('no --input');
    expect(() => parseSubmitArguments(['--input', 'a.jsonl', '--labels', 'a,b', '--output', 'o.jsonl', ...redis])).toThrow('gliznet batch collect ID --output FILE');
    expect(() => parseSubmitArguments(['--input', 'a.jsonl', '--labels', 'a,b', '--chunk-size', '0', ...redis])).toThrow('--chunk-size must be an integer >= 1, got "0"');
    expect(() => parseSubmitArguments(['--input', 'a.jsonl', '--labels', 'a,b', '--frobnicate', ...redis])).toThrow('gliznet batch submit --help');
    expect(() => parseSubmitArguments(['--input', 'a.jsonl', '--labels', 'a,b', '--redis', 'localhost:6379'])).toThrow('--redis must');
  });
});

describe('status text', () => {
  const status: BatchStatus = {
    id: 'b1',
    input: 'texts.jsonl',
    createdAt: '2026-12-02T21:00:00.000Z',
    state: 'failed',
    chunks: { total: 4, done: 3, failed: 1, waiting: 0, active: 0, retrying: 0, missing: 0 },
    rows: { total: 40, done: 30 },
    rowsPerSecond: 15,
    elapsedSeconds: 2,
    etaSeconds: null,
    models: ['m@1'],
    workers: ['w1'],
    failures: [{ index: 1, firstRow: 10, rows: 10, firstLine: 11, lastLine: 20, failure: { code: 'BadRowsError', message: '1 bad row; fix it:\n  texts.jsonl:13: the labels[0] "a;b" contains the separator', badRows: [{ line: 13, message: '...' }], attempts: 1, worker: 'w1', failedAt: 0 } }],
    missingChunks: [],
  };

  it('shows counts, rate, the failed chunk with its lines and what to do; a bar only on a terminal', () => {
    const text = formatStatus(status, false);
    expect(text).toContain('chunks:  3/4 done, 1 failed, 0 waiting, 0 running');
    expect(text).toContain('rows:    30/40 rows  15.0 rows/s  elapsed 2s');
    expect(text).toContain('chunk 1 (lines 11-20), 1 attempt(s), BadRowsError:');
    expect(text).toContain('texts.jsonl:13: the labels[0]');
    expect(text).toContain('gliznet batch retry b1');
    expect(text).not.toContain('[#');
    expect(formatStatus(status, true)).toContain('[#######################.......] 75%');
  });
});
