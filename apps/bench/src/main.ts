#!/usr/bin/env node
// @gliznet/bench: `pnpm bench <command>` (accuracy, speed, report). See README.md.
import { runCli } from './cli/run-cli.js';

const code = await runCli(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, commandPrefix: 'pnpm bench' });
// Native runtimes (onnxruntime, tfjs wasm threads) can keep the event loop alive: exit explicitly.
process.exitCode = code;
process.stdout.write('', () => process.exit(code));
