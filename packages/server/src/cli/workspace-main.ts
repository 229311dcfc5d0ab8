/**
 * `pnpm gliznet serve ...` in this repository (root package.json script): the CLI runs from the
 * caller's folder, like the sdk's workspace entry (see enterCallerDirectory). The published
 * `gliznet-serve` binary runs main.js directly.
 */
import { enterCallerDirectory } from '@gliznet/common';

enterCallerDirectory();
await import('./main.js');
