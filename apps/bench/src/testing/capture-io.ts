/** Test helper: CommandIo whose streams collect what is written. */
import { Writable } from 'node:stream';
import type { CommandIo } from '../cli/command-io.js';

export function captureIo(): CommandIo & { output: () => string; errors: () => string } {
  const chunks = { out: [] as string[], err: [] as string[] };
  const sink = (target: string[]): Writable =>
    new Writable({
      write(chunk: Buffer | string, _encoding, callback) {
        target.push(String(chunk));
        callback();
      },
    });
  return {
    stdout: sink(chunks.out),
    stderr: Object.assign(sink(chunks.err), { isTTY: false }),
    commandPrefix: 'pnpm bench',
    output: () => chunks.out.join(''),
    errors: () => chunks.err.join(''),
  };
}
