/** What a command needs from its process: output streams, and how the command was typed. */
import type { RunEnvironment } from '../results/run-environment.js';

export interface CommandIo {
  /** Results (tables, or JSON with --json). */
  stdout: NodeJS.WritableStream;
  /** Progress and notes. */
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
  /** Prefix of the reproducible command line recorded in results, e.g. `pnpm bench`. */
  commandPrefix: string;
}

/** Shell-quotes arguments that need it, so the recorded command can be pasted back. */
export function formatCommandLine(prefix: string, command: string, argv: readonly string[]): string {
  const quoted = argv.map((argument) => (/^[\w@%+=:,./-]+$/.test(argument) ? argument : `'${argument.replace(/'/g, `'\\''`)}'`));
  return [prefix, command, ...quoted].join(' ');
}

/** The provenance fields every run's results.json starts with (see RunProvenance). */
export function runHeader<Command extends string>(
  command: Command,
  io: CommandIo,
  argv: readonly string[],
  started: Date,
  environment: RunEnvironment,
): { command: Command; commandLine: string; startedAt: string; finishedAt: string; environment: RunEnvironment } {
  return { command, commandLine: formatCommandLine(io.commandPrefix, command, argv), startedAt: started.toISOString(), finishedAt: new Date().toISOString(), environment };
}
