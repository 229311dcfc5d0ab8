import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ResumableJsonlWriter, scanCompleteLines } from './resumable-output.js';

let directory: string;
beforeEach(async () => {
  directory = await mkdtemp(join(tmpdir(), 'gliznet-output-'));
});
afterEach(async () => {
  await rm(directory, { recursive: true, force: true });
});

describe('ResumableJsonlWriter', () => {
  it('starts a new file', async () => {
    const path = join(directory, 'out.jsonl');
    const writer = await ResumableJsonlWriter.open(path);
    expect(writer.resumedLines).toBe(0);
    await writer.append([{ a: 1 }, { a: 2 }]);
    await writer.close();
    expect(await readFile(path, 'utf8')).toBe('{"a":1}\n{"a":2}\n');
  });

  it('counts complete lines, drops a partial last line and appends after them', async () => {
    const path = join(directory, 'out.jsonl');
    await writeFile(path, '{"a":1}\n{"a":2}\n{"a":3, "cut');
    const writer = await ResumableJsonlWriter.open(path);
    expect(writer.resumedLines).toBe(2);
    expect(writer.droppedBytes).toBe('{"a":3, "cut'.length);
    await writer.append([{ a: 3 }]);
    await writer.close();
    expect(await readFile(path, 'utf8')).toBe('{"a":1}\n{"a":2}\n{"a":3}\n');
  });

  it('overwrite empties the file', async () => {
    const path = join(directory, 'out.jsonl');
    await writeFile(path, '{"a":1}\n');
    const writer = await ResumableJsonlWriter.open(path, { overwrite: true });
    expect(writer.resumedLines).toBe(0);
    await writer.close();
    expect(await readFile(path, 'utf8')).toBe('');
  });

  it('scans files larger than its read buffer', async () => {
    const path = join(directory, 'big.jsonl');
    const line = `${JSON.stringify({ text: 'x'.repeat(1000) })}\n`;
    await writeFile(path, line.repeat(200));
    expect(await scanCompleteLines(path)).toEqual({ completeLines: 200, completeBytes: line.length * 200, totalBytes: line.length * 200 });
  });
});
