#!/usr/bin/env node
/** Entry point of the `gliznet` command (bin/gliznet.js runs the built copy of this file). */
import { runCli } from './run-cli.js';

// A closed pipe (`gliznet ... | head`) is a normal way for a reader to stop: exit quietly.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

const exitCode = await runCli(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin });
process.exitCode = exitCode;
