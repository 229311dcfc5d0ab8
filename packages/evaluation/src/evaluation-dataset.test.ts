import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DataFormatError } from '@gliznet/common';
import { readEvaluationDataset, sampleRows } from './evaluation-dataset.js';

async function writeDataset(lines: string[], meta: object): Promise<string> {
  const directory = await mkdtemp(join(tmpdir(), 'gliznet-eval-'));
  await writeFile(join(directory, 'toy.jsonl'), lines.join('\n'));
  await writeFile(join(directory, 'toy.meta.json'), JSON.stringify(meta));
  return join(directory, 'toy.jsonl');
}

describe('readEvaluationDataset', () => {
  it('reads rows and the candidate labels in meta order', async () => {
    const path = await writeDataset(['{"text": "goal!", "labels": ["sports"]}', '', '{"text": "rates up", "labels": ["business", "sports"]}'], { name: 'toy', labels: ['sports', 'business'], multi_label: true });
    const dataset = await readEvaluationDataset(path);
    expect(dataset.name).toBe('toy');
    expect(dataset.labels).toEqual(['sports', 'business']);
    expect(dataset.multiLabel).toBe(true);
    expect(dataset.rows).toHaveLength(2);
  });

  it('names the file and line of a bad row, and a missing meta file', async () => {
    const path = await writeDataset(['{"text": "a", "labels": ["x"]}', '{"text": "b", "labels": ["nope"]}'], { labels: ['x'] });
    await expect(readEvaluationDataset(path)).rejects.toSatisfy((error: unknown) => DataFormatError.isInstance(error) && error.line === 2 && /"nope" not among the candidates/.test(error.message));
    const broken = await writeDataset(['{"text": '], { labels: ['x'] });
    await expect(readEvaluationDataset(broken)).rejects.toThrow(/toy\.jsonl:1: not valid JSON/);
    await expect(readEvaluationDataset(join(tmpdir(), 'does-not-exist.jsonl'))).rejects.toThrow(/meta file/);
  });
});

describe('sampleRows', () => {
  it('draws a reproducible subset in file order', () => {
    const rows = Array.from({ length: 100 }, (_, index) => index);
    const first = sampleRows(rows, { limit: 10, seed: 3 });
    expect(first).toEqual(sampleRows(rows, { limit: 10, seed: 3 }));
    expect(first).not.toEqual(sampleRows(rows, { limit: 10, seed: 4 }));
    expect([...first].sort((a, b) => a - b)).toEqual(first);
    expect(new Set(first).size).toBe(10);
    expect(sampleRows(rows, {})).toHaveLength(100);
  });
});
