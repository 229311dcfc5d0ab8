/** Where a run writes its files: `--out`, or `bench-results/<command>-<UTC timestamp>/`. */
import { readdir, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';

/** `20261127-071843` (UTC) for a date. */
export function timestampSlug(date: Date): string {
  const iso = date.toISOString(); // 2026-11-27T07:18:43.123Z
  return `${iso.slice(0, 10).replace(/-/g, '')}-${iso.slice(11, 19).replace(/:/g, '')}`;
}

export function runDirectory(options: { command: string; out?: string; resultsRoot: string; date: Date }): string {
  return options.out !== undefined ? resolve(options.out) : join(options.resultsRoot, `${options.command}-${timestampSlug(options.date)}`);
}

/** The newest `<command>-*` directory holding a results.json under `resultsRoot`, or undefined. */
export async function latestRunDirectory(resultsRoot: string, command: string): Promise<string | undefined> {
  let entries: string[];
  try {
    entries = await readdir(resultsRoot);
  } catch {
    return undefined;
  }
  const candidates = entries.filter((entry) => entry.startsWith(`${command}-`)).sort().reverse();
  for (const entry of candidates) {
    try {
      await stat(join(resultsRoot, entry, 'results.json'));
      return join(resultsRoot, entry);
    } catch {
      // an interrupted run: skip it
    }
  }
  return undefined;
}
