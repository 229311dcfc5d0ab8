#!/usr/bin/env node
/**
 * Entry point of `gliznet-serve` (bin/gliznet-serve.js runs the built copy) and of `pnpm gliznet
 * serve ...` in this repository. A leading `serve` word is accepted, so both spellings work.
 * SIGTERM or SIGINT stops gracefully (exit 0); a second one exits at once.
 */
import { runServeCli } from './serve-command.js';

const argv = process.argv.slice(2);
const controller = new AbortController();
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (controller.signal.aborted) process.exit(130);
    controller.abort();
  });
}
const code = await runServeCli(argv[0] === 'serve' ? argv.slice(1) : argv, { stdout: process.stdout, stderr: process.stderr }, { signal: controller.signal });
// onnxruntime's threads can keep the event loop alive: exit once the output is flushed.
process.exitCode = code;
process.stdout.write('', () => process.exit(code));
