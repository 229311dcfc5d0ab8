/**
 * Parsing of candidate labels given on the command line: `--labels "a,b,c"` with `\,` for a comma
 * inside a label (and `\\` for a backslash), or a JSON array (`--labels '["a, b","c"]'`), or
 * `--labels-file` with one label per line.
 */
import { readFile } from 'node:fs/promises';
import { InvalidArgumentError } from '@gliznet/common';

/** Splits a `--labels` value. Labels are trimmed; empty labels are an error. */
export function parseLabelsArgument(value: string): string[] {
  const trimmed = value.trim();
  let labels: string[];
  if (trimmed.startsWith('[')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(trimmed);
    } catch (error) {
      throw new InvalidArgumentError('--labels', `--labels starts with "[" but is not a JSON array of strings: ${(error as Error).message}`);
    }
    if (!Array.isArray(parsed) || !parsed.every((label) => typeof label === 'string')) {
      throw new InvalidArgumentError('--labels', '--labels as JSON must be an array of strings, e.g. \'["a, b", "c"]\'');
    }
    labels = parsed.map((label) => label.trim());
  } else {
    labels = [];
    let current = '';
    for (let index = 0; index < value.length; index += 1) {
      const character = value[index] as string;
      if (character === '\\' && index + 1 < value.length) {
        current += value[index + 1];
        index += 1;
      } else if (character === ',') {
        labels.push(current.trim());
        current = '';
      } else {
        current += character;
      }
    }
    labels.push(current.trim());
  }
  const emptyAt = labels.findIndex((label) => label === '');
  if (emptyAt >= 0) {
    throw new InvalidArgumentError('--labels', `label ${emptyAt + 1} of --labels ${JSON.stringify(value)} is empty; separate labels with single commas and write a comma inside a label as \\,`);
  }
  return labels;
}

/** Reads `--labels-file`: one label per line, blank lines and surrounding spaces ignored. */
export async function readLabelsFile(path: string): Promise<string[]> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new InvalidArgumentError('--labels-file', `cannot read --labels-file ${path}: ${(error as Error).message}`, { cause: error });
  }
  const labels = text.split(/\r?\n/).map((line) => line.trim()).filter((line) => line !== '');
  if (labels.length === 0) throw new InvalidArgumentError('--labels-file', `--labels-file ${path} holds no labels (one label per line)`);
  return labels;
}
