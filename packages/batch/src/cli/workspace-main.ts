/**
 * `pnpm gliznet batch ...` / `pnpm gliznet-batch ...` in this repository (root package.json
 * scripts): the CLI runs from the caller's folder, like the sdk's workspace entry (see
 * enterCallerDirectory). The published `gliznet-batch` binary runs main.js directly.
 */
import { enterCallerDirectory } from '@gliznet/common';

enterCallerDirectory();
await import('./main.js');
