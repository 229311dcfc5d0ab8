import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataFormatError } from '@gliznet/common';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fixtureAccuracyResults, fixtureSpeedResults } from '../testing/fixture-results.js';
import { toCsv } from './csv.js';
import { latestRunDirectory, runDirectory, timestampSlug } from './output-directory.js';
import { ACCURACY_CSV_HEADER, SPEED_CSV_HEADER, accuracyCsv, readRunResults, speedCsv, writeRunFiles } from './result-files.js';

describe('result files', () => {
  let directory: string;
  beforeEach(async () => {
    directory = await mkdtemp(join(tmpdir(), 'bench-results-'));
  });
  afterEach(async () => {
    await rm(directory, { recursive: true, force: true });
  });

  it('quotes CSV fields that need it and leaves missing values empty', () => {
    expect(toCsv(['a', 'b', 'c'], [['x,y', 'say "hi"', null], [1.5, true, undefined]])).toBe('a,b,c\n"x,y","say ""hi""",\n1.5,true,\n');
  });

  it('writes one CSV row per dataset and system, with the multi-label columns filled only for multi-label sets', () => {
    const lines = accuracyCsv(fixtureAccuracyResults()).trim().split('\n');
    expect(lines[0]).toBe(ACCURACY_CSV_HEADER.join(','));
    expect(lines).toHaveLength(5);
    expect(lines[1]).toBe('agnews,gliznet,10,false,0.9,0.85,,,,,,,0.1,1');
    expect(lines[3]).toBe('situation,gliznet,10,true,,0.55,0.6,0.3,0.5,0.35,0.65,0.6,,1');
  });

  it('writes one speed CSV row per label count and system, with both ratios', () => {
    const lines = speedCsv(fixtureSpeedResults()).trim().split('\n');
    expect(lines[0]).toBe(SPEED_CSV_HEADER.join(','));
    expect(lines).toHaveLength(7);
    expect(lines[3]).toBe('8,gliznet,gliznet,90,11.11111111111111,13.333333333333334,50,6,7,0.8571428571428571,true');
  });

  it('writes results.json, results.csv and the charts, and reads them back', async () => {
    const results = fixtureAccuracyResults();
    const files = await writeRunFiles(directory, results, [{ name: 'accuracy', svg: '<svg/>', png: new Uint8Array([1, 2, 3]) }]);
    expect(files).toEqual(['results.json', 'results.csv', 'accuracy.svg', 'accuracy.png']);
    const read = await readRunResults(directory);
    expect(read).toEqual({ ...results, files });
    expect(await readFile(join(directory, 'results.csv'), 'utf8')).toBe(accuracyCsv(results));
    expect([...(await readFile(join(directory, 'accuracy.png')))]).toEqual([1, 2, 3]);
  });

  it('refuses a directory without bench results', async () => {
    await expect(readRunResults(directory)).rejects.toSatisfy((error) => DataFormatError.isInstance(error));
    await writeFile(join(directory, 'results.json'), '{"command": "train"}');
    await expect(readRunResults(directory)).rejects.toThrow(/not a bench result/);
  });

  it('names run directories by command and UTC time, and finds the latest complete one', async () => {
    const date = new Date('2026-11-27T07:05:09.500Z');
    expect(timestampSlug(date)).toBe('20261127-070509');
    expect(runDirectory({ command: 'speed', resultsRoot: '/r', date })).toBe('/r/speed-20261127-070509');
    expect(runDirectory({ command: 'speed', resultsRoot: '/r', date, out: '/elsewhere' })).toBe('/elsewhere');
    await writeRunFiles(join(directory, 'accuracy-20261127-070000'), fixtureAccuracyResults(), []);
    await writeRunFiles(join(directory, 'accuracy-20261127-080000'), fixtureAccuracyResults(), []);
    await writeFile(join(directory, 'accuracy-20261127-090000'), ''); // not a complete run
    expect(await latestRunDirectory(directory, 'accuracy')).toBe(join(directory, 'accuracy-20261127-080000'));
    expect(await latestRunDirectory(directory, 'speed')).toBeUndefined();
    expect(await latestRunDirectory(join(directory, 'missing'), 'speed')).toBeUndefined();
  });
});
