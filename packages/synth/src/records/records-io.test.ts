import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DataFormatError, InvalidArgumentError } from '@gliznet/common';
import { makeTempDirectory } from '../__fixtures__/test-helpers.js';
import { checkRecord } from './record.js';
import { readRecordFile, readRecords, type RecordProblem } from './read-records.js';
import { openRecordWriter, writeRecordFile } from './record-writer.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});
async function temp(): Promise<string> {
  const { directory, cleanup } = await makeTempDirectory();
  cleanups.push(cleanup);
  return directory;
}

describe('checkRecord', () => {
  it('accepts the documented format and rejects each kind of mistake with a reason', () => {
    expect(checkRecord({ text: 'hi', labels: [] }).ok).toBe(true);
    expect(checkRecord({ text: 'hi', labels: ['a'], negatives: ['b'], source: 's', meta: { x: 1 } }).ok).toBe(true);
    const reasons = [
      checkRecord([]),
      checkRecord({ labels: ['a'] }),
      checkRecord({ text: '  ', labels: ['a'] }),
      checkRecord({ text: 'x', labels: 'a' }),
      checkRecord({ text: 'x', labels: ['a', 'a'] }),
      checkRecord({ text: 'x', labels: [3] }),
      checkRecord({ text: 'x', labels: ['a'], negatives: ['a'] }),
      checkRecord({ text: 'x', labels: ['a'], meta: [] }),
    ].map((check) => (check.ok ? 'ok' : check.reason));
    expect(reasons).toEqual([
      'a record must be a JSON object',
      '"text" must be a string',
      '"text" is empty',
      '"labels" must be an array of strings',
      '"labels" lists "a" twice',
      '"labels[0]" must be a string, got number',
      '"a" is both a positive and a negative',
      '"meta" must be an object when present',
    ]);
  });
});

describe('readRecords', () => {
  const content = [
    JSON.stringify({ text: 'one', labels: ['a'], negatives: ['b'] }),
    '{"text": "broken", ',
    '',
    JSON.stringify({ text: 'two', labels: ['a'], negatives: ['a'] }),
    JSON.stringify({ text: 'three', labels: [] }),
  ].join('\n');

  it('skips bad lines and reports each with file, line number and reason', async () => {
    const file = join(await temp(), 'records.jsonl');
    await writeFile(file, content);
    const seen: RecordProblem[] = [];
    const { records, problems } = await readRecordFile(file, { onInvalid: 'skip', onProblem: (problem) => seen.push(problem) });
    expect(records.map((record) => record.text)).toEqual(['one', 'three']);
    expect(problems.map((problem) => [problem.file, problem.line])).toEqual([
      [file, 2],
      [file, 4],
    ]);
    expect(problems[0]?.reason).toMatch(/invalid JSON/);
    expect(problems[1]?.reason).toBe('"a" is both a positive and a negative');
    expect(seen).toEqual(problems);
  });

  it('stops at the first bad line by default with a DataFormatError naming file:line', async () => {
    const file = join(await temp(), 'records.jsonl');
    await writeFile(file, content);
    const texts: string[] = [];
    const error = await (async () => {
      for await (const entry of readRecords(file)) texts.push(entry.record.text);
    })().catch((caught: unknown) => caught);
    expect(texts).toEqual(['one']);
    expect(DataFormatError.isInstance(error)).toBe(true);
    expect((error as DataFormatError).line).toBe(2);
    expect((error as Error).message).toContain(`${file}:2:`);
  });

  it('names a missing file', async () => {
    const file = join(await temp(), 'missing.jsonl');
    await expect(readRecordFile(file)).rejects.toThrow(/missing\.jsonl/);
  });
});

describe('record writer', () => {
  it('create mode replaces the file only on commit; abort leaves the old file untouched', async () => {
    const file = join(await temp(), 'out', 'records.jsonl');
    await writeRecordFile(file, [{ text: 'old', labels: ['a'] }]);
    const before = await readFile(file, 'utf8');

    const aborted = await openRecordWriter(file);
    await aborted.write([{ text: 'new', labels: ['b'] }]);
    expect(await readFile(file, 'utf8')).toBe(before);
    await aborted.abort();
    expect(await readFile(file, 'utf8')).toBe(before);

    const committed = await openRecordWriter(file);
    await committed.write([{ text: 'new', labels: ['b'], negatives: ['c'], source: 's' }]);
    await committed.commit();
    expect(await readFile(file, 'utf8')).toBe('{"text":"new","labels":["b"],"negatives":["c"],"source":"s"}\n');
  });

  it('append mode drops a trailing partial line, then appends complete lines', async () => {
    const file = join(await temp(), 'records.jsonl');
    await writeFile(file, '{"text":"kept","labels":[]}\n{"text":"cut off in the mid');
    const writer = await openRecordWriter(file, { mode: 'append' });
    expect(writer.droppedPartialBytes).toBe('{"text":"cut off in the mid'.length);
    await writer.write([{ text: 'added', labels: ['x'] }]);
    await writer.commit();
    const { records, problems } = await readRecordFile(file, { onInvalid: 'skip' });
    expect(problems).toEqual([]);
    expect(records.map((record) => record.text)).toEqual(['kept', 'added']);
  });

  it('refuses an invalid record without writing anything', async () => {
    const file = join(await temp(), 'records.jsonl');
    const writer = await openRecordWriter(file, { mode: 'append' });
    await expect(writer.write([{ text: 'ok', labels: ['a'] }, { text: 'bad', labels: ['a'], negatives: ['a'] }])).rejects.toSatisfy(
      (error: unknown) => InvalidArgumentError.isInstance(error) && /records\[1\]/.test((error as InvalidArgumentError).argument),
    );
    await writer.commit();
    expect(await readFile(file, 'utf8')).toBe('');
  });
});
