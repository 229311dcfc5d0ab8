/**
 * Refusing an `--output` that is the `--input`: opening it for writing would empty the input
 * before a line is read. "The same" is decided by device and inode, so another spelling of the
 * path, a symbolic link and a hard link are all caught; stdin (`--input -`) is compared through
 * its file descriptor when it is redirected from a file.
 */
import { fstat, stat, type Stats } from 'node:fs';
import { promisify } from 'node:util';
import { InvalidArgumentError } from '@gliznet/common';

const statAsync = promisify(stat);
const fstatAsync = promisify(fstat);

async function statOrUndefined(read: () => Promise<Stats>): Promise<Stats | undefined> {
  try {
    return await read();
  } catch {
    return undefined;
  }
}

/**
 * Throws InvalidArgumentError when `output` names the same file as `input` (`-`: the file stdin
 * reads from, if any). A missing output, or an input that cannot be read, passes: neither can be
 * overwritten through the other.
 */
export async function checkOutputIsNotInput(input: string, output: string, options: { stdinFd?: number } = {}): Promise<void> {
  const outputStats = await statOrUndefined(() => statAsync(output));
  if (outputStats === undefined || !outputStats.isFile()) return;
  const inputStats = input === '-' ? await statOrUndefined(() => fstatAsync(options.stdinFd ?? 0)) : await statOrUndefined(() => statAsync(input));
  if (inputStats === undefined || !inputStats.isFile()) return;
  if (inputStats.dev === outputStats.dev && inputStats.ino === outputStats.ino) {
    const what = input === '-' ? 'the file stdin is read from' : `the --input file ${input}`;
    throw new InvalidArgumentError('--output', `--output ${output} is ${what} (same file on disk${input === output ? '' : ', through another path or a link'}); writing results there would destroy the input. Choose another --output path.`);
  }
}
