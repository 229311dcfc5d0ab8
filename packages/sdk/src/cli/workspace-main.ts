/**
 * `pnpm gliznet ...` in this repository (the root package.json script): the CLI runs from the
 * caller's folder, so relative paths mean what the caller typed (see enterCallerDirectory). The
 * published `gliznet` binary runs main.js directly.
 */
import { enterCallerDirectory } from '@gliznet/common';

enterCallerDirectory();
await import('./main.js');
