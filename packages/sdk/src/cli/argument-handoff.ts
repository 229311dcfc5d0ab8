/**
 * Long command lines, handed to a child process through a pipe.
 *
 * onnxruntime-node 1.30 crashes (segmentation fault, exit 139, no message) while creating a
 * session in a process whose command line is long: something in the native library recurses once
 * per byte of it, so the limit depends on the stack size (about 29,000 bytes with the usual 8 MB
 * stack, 20,000 already crash with 4 MB). A text passed as an argument easily gets there. So when
 * the arguments exceed HANDOFF_THRESHOLD_BYTES, the CLI starts itself again with a short command
 * line and writes the real arguments (JSON) to the child's file descriptor 3; stdin, stdout and
 * stderr are the parent's, so `--input -`, pipes and the terminal work as before.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { constants } from 'node:os';
import { InvalidArgumentError } from '@gliznet/common';

/** Environment variable telling the child which file descriptor holds its arguments. */
export const ARGUMENTS_FD_VARIABLE = 'GLIZNET_ARGUMENTS_FD';

/** Command lines longer than this (bytes, arguments and node options together) are handed off. */
export const HANDOFF_THRESHOLD_BYTES = 4096;

/** Bytes the arguments take on the command line (each plus its terminating NUL). */
export function commandLineBytes(argv: readonly string[]): number {
  return argv.reduce((total, argument) => total + Buffer.byteLength(argument) + 1, 0);
}

/** True when this process should run the CLI in a child with a short command line. */
export function needsHandoff(commandLine: readonly string[], environment: Readonly<Record<string, string | undefined>>): boolean {
  return environment[ARGUMENTS_FD_VARIABLE] === undefined && commandLineBytes(commandLine) > HANDOFF_THRESHOLD_BYTES;
}

/**
 * In a child started by `runInChildProcess`: reads the arguments from the inherited descriptor
 * and removes the variable (so processes it starts do not read it again). Undefined elsewhere.
 */
export function readHandedOffArguments(environment: Record<string, string | undefined>): string[] | undefined {
  const fd = environment[ARGUMENTS_FD_VARIABLE];
  if (fd === undefined) return undefined;
  delete environment[ARGUMENTS_FD_VARIABLE];
  const parsed: unknown = JSON.parse(readFileSync(Number(fd), 'utf8'));
  if (!Array.isArray(parsed) || !parsed.every((argument) => typeof argument === 'string')) {
    throw new InvalidArgumentError(ARGUMENTS_FD_VARIABLE, `${ARGUMENTS_FD_VARIABLE} names a descriptor that does not hold a JSON array of arguments; it is set by gliznet for its own child process only`);
  }
  return parsed;
}

/**
 * Runs `script` again with node's own options and no arguments, handing `argv` over on descriptor
 * 3. Signals sent to this process are passed on. Resolves to the child's exit code (128 + the
 * signal number when a signal ended it).
 */
export function runInChildProcess(script: string, argv: readonly string[]): Promise<number> {
  const child = spawn(process.execPath, [...process.execArgv, script], {
    stdio: ['inherit', 'inherit', 'inherit', 'pipe'],
    env: { ...process.env, [ARGUMENTS_FD_VARIABLE]: '3' },
  });
  const forward = (signal: NodeJS.Signals) => child.kill(signal);
  const signals: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];
  for (const signal of signals) process.on(signal, forward);
  const pipe = child.stdio[3] as NodeJS.WritableStream;
  pipe.on('error', () => undefined); // a child that dies early closes the pipe; its exit code tells why
  pipe.end(JSON.stringify(argv));
  return new Promise((resolveExit, rejectExit) => {
    child.once('error', rejectExit);
    child.once('exit', (code, signal) => {
      for (const name of signals) process.off(name, forward);
      resolveExit(code ?? 128 + (signal === null ? 0 : (constants.signals[signal] ?? 0)));
    });
  });
}
