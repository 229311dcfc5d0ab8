/** The streams a gliznet command writes to and reads from (process streams, or test doubles). */
import type { ProgressStream } from '@gliznet/common';

export interface CliIo {
  /** Results. */
  stdout: { write(text: string): unknown };
  /** Progress, warnings and errors. */
  stderr: ProgressStream;
  /** Read by `--input -`. Default process.stdin. */
  stdin?: NodeJS.ReadableStream;
}
