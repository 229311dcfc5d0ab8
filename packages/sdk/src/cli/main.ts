#!/usr/bin/env node
/** Entry point of the `gliznet` command (bin/gliznet.js runs the built copy of this file). */
import { needsHandoff, readHandedOffArguments, runInChildProcess } from './argument-handoff.js';

// A closed pipe (`gliznet ... | head`) is a normal way for a reader to stop: exit quietly.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

const handedOff = readHandedOffArguments(process.env);
const argv = handedOff ?? process.argv.slice(2);
if (handedOff === undefined && needsHandoff([...process.execArgv, ...process.argv], process.env)) {
  // A long command line would crash onnxruntime-node: run the CLI in a child with a short one.
  process.exitCode = await runInChildProcess(process.argv[1] as string, argv);
} else {
  // Loaded only here, so a handing-off parent never loads onnxruntime.
  const { runCli } = await import('./run-cli.js');
  process.exitCode = await runCli(argv, { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin });
}
