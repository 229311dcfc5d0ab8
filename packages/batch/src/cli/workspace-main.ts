/**
 * `pnpm gliznet batch ...` / `pnpm gliznet-batch ...` in this repository (root package.json scripts).
 * pnpm runs scripts from the workspace root; like the sdk's workspace entry, this runs the CLI from
 * the caller's folder (pnpm's INIT_CWD) so relative --input, --output and --model paths mean what
 * the caller typed. The published `gliznet-batch` binary runs where it is started.
 */
const callerDirectory = process.env['INIT_CWD'];
if (callerDirectory !== undefined && callerDirectory !== '') {
  try {
    process.chdir(callerDirectory);
  } catch {
    // The folder is gone: stay at the workspace root.
  }
}
await import('./main.js');
