/**
 * The process side of a CLI entry point (`gliznet-serve`, `gliznet-batch`): the command gets an
 * AbortSignal that the first SIGINT / SIGTERM aborts (a second exits at once, code 130); a closed
 * stdout pipe (`... | head`) exits quietly; and the process exits with the command's code once
 * stdout is flushed (onnxruntime's threads can keep the event loop alive). For entry files only.
 */
export type CommandRunner = (
  argv: readonly string[],
  output: { stdout: NodeJS.WritableStream; stderr: NodeJS.WritableStream },
  options: { signal: AbortSignal },
) => Promise<number>;

/** Runs `run` on this process' arguments, without a leading `word` (`serve`, `batch`) when given. */
export async function runCommandProcess(run: CommandRunner, options: { word?: string } = {}): Promise<never> {
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(0);
    throw error;
  });
  const controller = new AbortController();
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      if (controller.signal.aborted) process.exit(130);
      controller.abort();
    });
  }
  const argv = process.argv.slice(2);
  const code = await run(options.word !== undefined && argv[0] === options.word ? argv.slice(1) : argv, { stdout: process.stdout, stderr: process.stderr }, { signal: controller.signal });
  process.exitCode = code;
  return new Promise<never>(() => process.stdout.write('', () => process.exit(code)));
}
