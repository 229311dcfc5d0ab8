#!/usr/bin/env node
// The gliznet command: runs the compiled CLI in dist/. Installed packages always have it; in a
// repository checkout, `pnpm build` (at the root) compiles this package and the ones it needs.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const main = new URL('../dist/cli/main.js', import.meta.url);
const checkout = !fileURLToPath(import.meta.url).split(/[\\/]/).includes('node_modules');
const hint = 'this repository checkout is not built: run `pnpm build` in the repository root (it builds @gliznet/sdk after the packages it needs), or run `pnpm gliznet ...` there, which needs no build';

if (!existsSync(main)) {
  process.stderr.write(`gliznet: ${fileURLToPath(main)} is missing; ${checkout ? hint : 'reinstall @gliznet/sdk'}\n`);
  process.exitCode = 1;
} else {
  try {
    await import(main.href);
  } catch (error) {
    // A workspace dependency without its dist/ (built the sdk alone): say how to build them all.
    if (!checkout || error?.code !== 'ERR_MODULE_NOT_FOUND' || !/@gliznet[\\/][\w-]+[\\/]dist[\\/]/.test(String(error.message))) throw error;
    process.stderr.write(`gliznet: ${error.message.split('\n')[0]}; ${hint}\n`);
    process.exitCode = 1;
  }
}
