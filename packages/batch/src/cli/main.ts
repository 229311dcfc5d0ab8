#!/usr/bin/env node
/**
 * Entry point of `gliznet-batch` (bin/gliznet-batch.js runs the built copy) and of `pnpm gliznet
 * batch ...` in this repository. A leading `batch` word is accepted, so both spellings work.
 */
import { runBatchCli } from './run-batch-cli.js';

process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

const argv = process.argv.slice(2);
const controller = new AbortController();
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (controller.signal.aborted) process.exit(130);
    controller.abort();
  });
}
const code = await runBatchCli(argv[0] === 'batch' ? argv.slice(1) : argv, { stdout: process.stdout, stderr: process.stderr }, { signal: controller.signal });
// onnxruntime's threads can keep the event loop alive: exit once the output is flushed.
process.exitCode = code;
process.stdout.write('', () => process.exit(code));
