// Temporary runner for the corpus builder until apps/trainer's `data build` exists.
// Usage: pnpm exec tsx --conditions=@gliznet/source packages/synth/scripts/build-corpus.ts [--seed N] [--train-size N] [--out FILE]
import { runBuildCommand } from '../src/cli/build-command.js';

const argumentsList = process.argv.slice(2);
const flag = (name: string): string | undefined => {
  const index = argumentsList.indexOf(`--${name}`);
  return index >= 0 ? argumentsList[index + 1] : undefined;
};
const number = (name: string): number | undefined => (flag(name) === undefined ? undefined : Number(flag(name)));

try {
  await runBuildCommand({
    seed: number('seed'),
    trainSize: number('train-size'),
    outFile: flag('out'),
    corpora: flag('corpora'),
    only: flag('only')?.split(','),
  });
} catch (error) {
  console.error(`error: ${(error as Error).message}`);
  process.exitCode = 1;
}
