/**
 * `gliznet batch submit`: the batch's own options (--redis, --chunk-size, --attempts, --backoff) are
 * taken out, everything else is parsed by the sdk's `gliznet classify` argument parser, so the input
 * and classification options mean exactly what they mean there.
 */
import { InvalidArgumentError } from '@gliznet/common';
import { parseClassifyArguments, readLabelsFile, type ClassifyCommand } from '@gliznet/sdk';
import { connectClient, parseRedisUrl } from '../connection.js';
import { DEFAULT_ATTEMPTS, DEFAULT_BACKOFF_MS, DEFAULT_CHUNK_SIZE, submitBatch } from '../submit.js';
import type { BatchCliIo } from './io.js';

const OWN_OPTIONS = ['--redis', '--chunk-size', '--attempts', '--backoff'] as const;
type OwnOption = (typeof OWN_OPTIONS)[number];

/** Options of gliznet classify that belong to the workers or to collect, not to a batch. */
const NOT_FOR_SUBMIT: [keyof ClassifyCommand, string, string][] = [
  ['modelDirectory', '--model', 'the model is chosen by each worker: gliznet batch worker --model DIR'],
  ['quantized', '--quantized', 'it is a worker option: gliznet batch worker --quantized'],
  ['threads', '--threads', 'it is a worker option: gliznet batch worker --threads N'],
  ['output', '--output', 'results are written by gliznet batch collect ID --output FILE'],
  ['overwrite', '--overwrite', 'collect replaces its --output atomically'],
];

/** Splits argv into the batch's own options and the rest (for the classify parser). */
export function splitSubmitArguments(argv: readonly string[]): { own: Partial<Record<OwnOption, string>>; rest: string[] } {
  const own: Partial<Record<OwnOption, string>> = {};
  const rest: string[] = [];
  for (let index = 0; index < argv.length; index += 1) {
    const argument = argv[index] as string;
    const [name, inline] = argument.startsWith('--') && argument.includes('=') ? [argument.slice(0, argument.indexOf('=')), argument.slice(argument.indexOf('=') + 1)] : [argument, undefined];
    if ((OWN_OPTIONS as readonly string[]).includes(name)) {
      const value = inline ?? argv[index + 1];
      if (value === undefined || (inline === undefined && value.startsWith('--'))) throw new InvalidArgumentError(name, `${name} needs a value (gliznet batch submit --help)`);
      own[name as OwnOption] = value;
      if (inline === undefined) index += 1;
    } else {
      rest.push(argument);
    }
  }
  return { own, rest };
}

function integerOption(name: string, value: string | undefined, fallback: number, minimum: number): number {
  if (value === undefined) return fallback;
  if (!/^\d+$/.test(value.trim()) || Number(value) < minimum) throw new InvalidArgumentError(name, `${name} must be an integer >= ${minimum}, got ${JSON.stringify(value)}`);
  return Number(value);
}

export interface SubmitCommand {
  help: boolean;
  redis: string;
  chunkSize: number;
  attempts: number;
  backoffMs: number;
  classify: ClassifyCommand;
}

export function parseSubmitArguments(argv: readonly string[]): SubmitCommand | { help: true } {
  const { own, rest } = splitSubmitArguments(argv);
  if (rest.includes('--help') || rest.includes('-h')) return { help: true };
  if (!rest.some((argument) => argument === '--input' || argument.startsWith('--input='))) {
    throw new InvalidArgumentError('--input', 'no --input: gliznet batch submit --input texts.jsonl --labels "a,b,c" --redis redis://HOST:PORT');
  }
  let classify: ClassifyCommand;
  try {
    classify = parseClassifyArguments(rest);
  } catch (error) {
    if (InvalidArgumentError.isInstance(error)) {
      const message = error.message.replace('"gliznet classify --help"', '"gliznet batch submit --help"');
      throw new InvalidArgumentError(error.argument, message, { cause: error });
    }
    throw error;
  }
  if (classify.input === undefined) throw new InvalidArgumentError('--input', 'no --input: gliznet batch submit --input texts.jsonl --labels "a,b,c" --redis redis://HOST:PORT');
  if (classify.texts.length > 0) throw new InvalidArgumentError('text', `unexpected argument(s) ${classify.texts.map((text) => JSON.stringify(text)).join(' ')}: batch submit classifies the rows of --input only`);
  for (const [field, flag, reason] of NOT_FOR_SUBMIT) {
    const value = classify[field];
    if (value !== undefined && value !== false) throw new InvalidArgumentError(flag, `${flag} does not apply to batch submit: ${reason}`);
  }
  // (`--on-error skip` of gliznet classify writes error rows in place of bad lines; a batch instead fails before enqueuing, or fails the chunk naming every bad row.)
  const onError = (classify as { onError?: string }).onError;
  if (onError !== undefined && onError !== 'fail') throw new InvalidArgumentError('--on-error', `batch submit supports --on-error fail only (got ${JSON.stringify(onError)}): a malformed line fails the submit, naming it, and rows the model refuses fail their chunk, each named by line (gliznet batch status ID)`);
  return {
    help: false,
    redis: parseRedisUrl(own['--redis']),
    chunkSize: integerOption('--chunk-size', own['--chunk-size'], DEFAULT_CHUNK_SIZE, 1),
    attempts: integerOption('--attempts', own['--attempts'], DEFAULT_ATTEMPTS, 1),
    backoffMs: integerOption('--backoff', own['--backoff'], DEFAULT_BACKOFF_MS, 0),
    classify,
  };
}

export async function runSubmitCommand(argv: readonly string[], io: BatchCliIo, help: string): Promise<number> {
  const parsed = parseSubmitArguments(argv);
  if (parsed.help) {
    io.stdout.write(help);
    return 0;
  }
  const { classify } = parsed;
  const labels = classify.labels ?? (classify.labelsFile === undefined ? undefined : await readLabelsFile(classify.labelsFile));
  const redis = await connectClient(parsed.redis);
  try {
    const meta = await submitBatch(redis, {
      input: classify.input as string,
      ...(classify.inputFormat === undefined ? {} : { inputFormat: classify.inputFormat }),
      textField: classify.textField,
      ...(labels === undefined ? {} : { labels }),
      classifyOptions: classify.classifyOptions,
      ...(classify.hypothesisTemplate === undefined ? {} : { hypothesisTemplate: classify.hypothesisTemplate }),
      chunkSize: parsed.chunkSize,
      attempts: parsed.attempts,
      backoffMs: parsed.backoffMs,
      onProgress: classify.progress ? (event) => void io.stderr.write(`${event.pass === 'check' ? 'checked' : 'enqueued'} ${event.rows}${event.total === undefined ? '' : `/${event.total}`} rows\n`) : undefined,
    });
    io.stderr.write(`batch ${meta.id}: ${meta.rows} rows of ${meta.input} in ${meta.chunkCount} chunks of up to ${meta.chunkSize}; start workers with: gliznet batch worker --redis URL\n`);
    io.stdout.write(classify.json ? `${JSON.stringify({ batchId: meta.id, rows: meta.rows, chunks: meta.chunkCount })}\n` : `${meta.id}\n`);
    return 0;
  } finally {
    redis.disconnect();
  }
}
