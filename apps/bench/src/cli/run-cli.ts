/** Dispatches `pnpm bench <command>`; prints errors as one clear message and returns an exit code. */
import { GliznetError, InvalidArgumentError } from '@gliznet/common';
import { accuracyCommand } from './accuracy-command.js';
import { batchCommand } from './batch-command.js';
import { encoderParityCommand } from './encoder-parity-command.js';
import type { CommandIo } from './command-io.js';
import { reportCommand } from './report-command.js';
import { serveBenchCommand } from './serve-command.js';
import { speedCommand } from './speed-command.js';
import { trainSpeedCommand } from './train-speed-command.js';

const COMMANDS: Record<string, { summary: string; run: (argv: readonly string[], io: CommandIo) => Promise<unknown> }> = {
  accuracy: { summary: 'accuracy and macro-F1 per dataset, every system on the same rows', run: accuracyCommand },
  speed: { summary: 'throughput and latency vs number of labels, systems interleaved, with the token-count ratio', run: speedCommand },
  batch: { summary: 'rows/s of gliznet batch (BullMQ + Redis) with 1, 2, ... workers against gliznet classify --input', run: batchCommand },
  serve: { summary: 'texts/s and p50/p95/p99 latency of gliznet serve under concurrent clients against the in-process SDK, then 2x overload', run: serveBenchCommand },
  'train-speed': { summary: 'training throughput (forward, backward, Adam step) of a GliZNet (use-lite or a BERT directory) on tfjs', run: trainSpeedCommand },
  'encoder-parity': { summary: 'sentence vectors of a BERT encoder (tfjs and ONNX) against sentence-transformers', run: encoderParityCommand },
  report: { summary: 'rewrite the bench sections of docs/benchmarks.md (tables + charts) from result directories', run: reportCommand },
};

export function generalHelp(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((name) => name.length)) + 2;
  return [
    'Benchmarks of GliZNet against its baselines (cross-encoder, bi-encoder, NLI).',
    '',
    'Usage: pnpm bench <command> [options]   (pnpm bench <command> --help for its options)',
    '',
    'Commands:',
    ...Object.entries(COMMANDS).map(([name, command]) => `  ${name.padEnd(width)}${command.summary}`),
    '',
  ].join('\n');
}

export async function runCli(argv: readonly string[], io: CommandIo): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
    io.stdout.write(generalHelp());
    return command === undefined ? 1 : 0;
  }
  const entry = COMMANDS[command];
  if (entry === undefined) {
    io.stderr.write(`Unknown command ${JSON.stringify(command)}.\n\n${generalHelp()}`);
    return 2;
  }
  try {
    await entry.run(rest, io);
    return 0;
  } catch (error) {
    if (GliznetError.isInstance(error)) {
      io.stderr.write(`${error.code}: ${error.message}\n`);
      return InvalidArgumentError.isInstance(error) ? 2 : 1;
    }
    throw error;
  }
}
