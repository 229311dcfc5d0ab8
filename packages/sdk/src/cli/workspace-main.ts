/**
 * `pnpm gliznet ...` in this repository (the root package.json script). pnpm runs scripts from the
 * workspace root, so relative paths (--input, --output, --model, --labels-file) would be read from
 * there; pnpm (like npm) names the caller's folder in INIT_CWD, and the CLI runs from that folder.
 * The published `gliznet` binary does not do this: it runs where it is started.
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
