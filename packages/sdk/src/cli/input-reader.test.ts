import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { DataFormatError } from '@gliznet/common';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { countInputRecords, formatFromPath, readInputRecords, type InputRecord } from './input-reader.js';

let directory: string;
beforeEach(async () => {
  directory = await mkdtemp(join(tmpdir(), 'gliznet-input-'));
});
afterEach(async () => {
  await rm(directory, { recursive: true, force: true });
});

async function collect(iterable: AsyncIterable<InputRecord>): Promise<InputRecord[]> {
  const records: InputRecord[] = [];
  for await (const record of iterable) records.push(record);
  return records;
}

describe('readInputRecords', () => {
  it('reads JSONL with text, candidate_labels and id, skipping blank lines', async () => {
    const path = join(directory, 'in.jsonl');
    await writeFile(path, '\uFEFF{"text":"one","labels":["gold"]}\n\n{"text":"two","candidate_labels":["a","b"],"id":7}\n');
    expect(await collect(readInputRecords(path))).toEqual([
      { text: 'one', line: 1 },
      { text: 'two', candidateLabels: ['a', 'b'], id: 7, line: 3 },
    ]);
    expect(await countInputRecords(path)).toBe(2);
  });

  it('reads text files one text per line and a custom text field', async () => {
    const txt = join(directory, 'in.txt');
    await writeFile(txt, 'first text\r\nsecond, with {braces}\n');
    expect((await collect(readInputRecords(txt))).map((record) => record.text)).toEqual(['first text', 'second, with {braces}']);
    const jsonl = join(directory, 'custom.jsonl');
    await writeFile(jsonl, '{"body":"x"}\n');
    expect((await collect(readInputRecords(jsonl, { textField: 'body' })))[0]!.text).toBe('x');
  });

  it('detects the format of stdin from its first line', async () => {
    const json = await collect(readInputRecords('-', { stdin: Readable.from(['{"text":"a"}\n{"text":"b"}\n']) }));
    expect(json.map((record) => record.text)).toEqual(['a', 'b']);
    const plain = await collect(readInputRecords('-', { stdin: Readable.from(['plain a\nplain b']) }));
    expect(plain.map((record) => record.text)).toEqual(['plain a', 'plain b']);
  });

  it('reports malformed lines with file and line number', async () => {
    const path = join(directory, 'bad.jsonl');
    await writeFile(path, '{"text":"ok"}\n{"text": 3}\n');
    const error = await collect(readInputRecords(path)).catch((caught: unknown) => caught);
    expect(DataFormatError.isInstance(error)).toBe(true);
    expect((error as DataFormatError).line).toBe(2);
    expect(String(error)).toMatch(/bad\.jsonl:2: field "text" must be a string/);
    await writeFile(path, 'not json\n');
    await expect(collect(readInputRecords(path))).rejects.toThrow(/bad\.jsonl:1: not valid JSON/);
    await writeFile(path, '{"text":"x","candidate_labels":[]}\n');
    await expect(collect(readInputRecords(path))).rejects.toThrow(/candidate_labels/);
  });

  it('names a missing input file', async () => {
    await expect(collect(readInputRecords(join(directory, 'missing.jsonl')))).rejects.toThrow(/cannot read --input/);
  });

  it('chooses the format from the extension', () => {
    expect(formatFromPath('a.JSONL')).toBe('jsonl');
    expect(formatFromPath('a.ndjson')).toBe('jsonl');
    expect(formatFromPath('a.txt')).toBe('txt');
    expect(formatFromPath('-')).toBeUndefined();
  });
});
