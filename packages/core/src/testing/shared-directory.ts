/** Test helper: the shared data directory, `<repo root>/../shared` or `$GLIZNET_SHARED_DIR`. */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export function sharedDirectory(): string {
  const override = process.env['GLIZNET_SHARED_DIR'];
  if (override !== undefined && override !== '') return resolve(override);
  let directory = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(directory, 'pnpm-workspace.yaml'))) {
    const parent = dirname(directory);
    if (parent === directory) throw new Error('cannot find the repository root (pnpm-workspace.yaml)');
    directory = parent;
  }
  return join(directory, '..', 'shared');
}

/** The first `count` texts of an evaluation set (`datasets/<name>.jsonl`). */
export function datasetTexts(name: string, count: number): string[] {
  const lines = readFileSync(join(sharedDirectory(), 'datasets', `${name}.jsonl`), 'utf8').split('\n');
  return lines.slice(0, count).map((line) => (JSON.parse(line) as { text: string }).text);
}
