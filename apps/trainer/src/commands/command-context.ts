/** What a command may touch: its output streams (results on stdout, progress and logs on stderr). */
export interface CommandContext {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
}
