import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseLabelsArgument, readLabelsFile } from './labels-argument.js';

describe('parseLabelsArgument', () => {
  it('splits on commas and trims', () => {
    expect(parseLabelsArgument('sports, business ,world politics')).toEqual(['sports', 'business', 'world politics']);
  });
  it('keeps escaped commas and backslashes', () => {
    expect(parseLabelsArgument('food\\, drink,travel,a\\\\b')).toEqual(['food, drink', 'travel', 'a\\b']);
  });
  it('accepts a JSON array', () => {
    expect(parseLabelsArgument('["food, drink", "travel"]')).toEqual(['food, drink', 'travel']);
    expect(() => parseLabelsArgument('[1, 2]')).toThrow(/array of strings/);
    expect(() => parseLabelsArgument('[oops')).toThrow(/not a JSON array/);
  });
  it('rejects empty labels, naming the position', () => {
    expect(() => parseLabelsArgument('a,,b')).toThrow(/label 2 of --labels/);
    expect(() => parseLabelsArgument('')).toThrow(/empty/);
  });
});

describe('readLabelsFile', () => {
  it('reads one label per line, commas included, blank lines ignored', async () => {
    const directory = await mkdtemp(join(tmpdir(), 'gliznet-labels-'));
    try {
      const path = join(directory, 'labels.txt');
      await writeFile(path, 'food, drink\r\n\n travel \n');
      expect(await readLabelsFile(path)).toEqual(['food, drink', 'travel']);
      await writeFile(path, '\n\n');
      await expect(readLabelsFile(path)).rejects.toThrow(/holds no labels/);
      await expect(readLabelsFile(join(directory, 'missing.txt'))).rejects.toThrow(/cannot read --labels-file/);
    } finally {
      await rm(directory, { recursive: true, force: true });
    }
  });
});
