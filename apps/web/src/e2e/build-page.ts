/** Builds the demo page (vite build, the app's own config) into a directory of its own. */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';

export const APP_DIRECTORY = fileURLToPath(new URL('../../', import.meta.url));

/** Returns the output directory (default: a fresh temporary one). */
export async function buildPage(outDir?: string): Promise<string> {
  const directory = outDir ?? (await mkdtemp(join(tmpdir(), 'gliznet-web-page-')));
  await build({ configFile: join(APP_DIRECTORY, 'vite.config.ts'), logLevel: 'warn', build: { outDir: directory, emptyOutDir: true } });
  return directory;
}
