import { createReadStream } from 'node:fs';
import { access } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { DataFormatError } from '@gliznet/common';

/** One line of a JSON-lines file: either its parsed value or why it could not be parsed. */
export type JsonLine = { line: number; value: unknown; error?: undefined } | { line: number; value?: undefined; error: string };

/**
 * Streams a JSON-lines file line by line (constant memory), with 1-based line numbers.
 * Blank lines are skipped. Throws `DataFormatError` when the file cannot be opened.
 */
export async function* readJsonLines(file: string): AsyncGenerator<JsonLine> {
  try {
    await access(file);
  } catch (error) {
    throw new DataFormatError(file, `Cannot read ${file}: ${(error as Error).message}. Check the path.`, { cause: error });
  }
  const lines = createInterface({ input: createReadStream(file, { encoding: 'utf8' }), crlfDelay: Infinity });
  let lineNumber = 0;
  for await (const text of lines) {
    lineNumber += 1;
    if (text.trim() === '') continue;
    try {
      yield { line: lineNumber, value: JSON.parse(text) as unknown };
    } catch (error) {
      yield { line: lineNumber, error: `invalid JSON (${(error as Error).message})` };
    }
  }
}
