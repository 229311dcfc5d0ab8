/** What a command needs from its process: output streams, and how the command was typed. */

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
