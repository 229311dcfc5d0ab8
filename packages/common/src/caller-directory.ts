/**
 * For a CLI started by a workspace script (`pnpm gliznet ...`): pnpm runs scripts from the
 * workspace root, so relative paths (--input, --output, --model, ...) would be read from there;
 * pnpm (like npm) names the caller's folder in INIT_CWD, and this moves the process there. A
 * published binary does not call it: it runs where it is started.
 */
export function enterCallerDirectory(environment: Readonly<Record<string, string | undefined>> = process.env): void {
  const callerDirectory = environment['INIT_CWD'];
  if (callerDirectory === undefined || callerDirectory === '') return;
  try {
    process.chdir(callerDirectory);
  } catch {
    // The folder is gone: stay at the workspace root.
  }
}
