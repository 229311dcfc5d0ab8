/** `pnpm trainer data build | generate | stats`: the @gliznet/synth entry points behind CLI flags. */
import { formatHelp, InvalidArgumentError, parseCommandLine, type CommandSpec } from '@gliznet/common';
import { defaultBuildOutput, runBuildCommand, runGenerateCommand, runStatsCommand } from '@gliznet/synth';
import { useLiteSentenceEncoder } from '../encoders/use-lite-sentence-encoder.js';
import type { CommandContext } from './command-context.js';
import { createInterruptHandler, onInterruptSignals } from './interrupt-handler.js';

export const dataBuildSpec: CommandSpec = {
  name: 'gliznet-trainer data build',
  summary: 'Build GliZNet training records (positives, mined hard negatives, random negatives) from the open corpora, plus a validation split and a report.',
  options: {
    corpora: { type: 'string', description: 'Directory of corpus folders, each with data.jsonl (default: ../shared/corpora)', placeholder: '<dir>' },
    only: { type: 'string', description: 'Use only these corpora (folder names)', multiple: true, placeholder: '<name>' },
    exclude: { type: 'string', description: 'Leave these corpora out (folder names), e.g. to validate transfer to unseen label sets', multiple: true, placeholder: '<name>' },
    out: { type: 'string', description: 'Training records file; val.jsonl, report.json and the label-embedding cache go beside it (default: data/corpus-build/train.jsonl)', placeholder: '<jsonl>' },
    size: { type: 'number', description: 'Training records wanted', default: 50_000 },
    'validation-fraction': { type: 'number', description: "Share of each corpus' rows held out for validation", default: 0.03 },
    'max-corpus-share': { type: 'number', description: 'Largest share of rows one corpus may supply', default: 0.25 },
    'group-label-rate': {
      type: 'number',
      description: 'Share of rows filed under a domain / service / scenario whose record names that group ("banking") instead of the intent, against the other groups',
      default: 0,
    },
    'rating-label-rate': {
      type: 'number',
      description: 'Share of rows with a 1-5 star rating (product_reviews) whose record names the fine-grained sentiment ("very negative" ... "very positive", one per star) against the other ratings',
      default: 0,
    },
    seed: { type: 'number', description: 'Seed (same inputs + seed = identical files)', default: 42 },
    json: { type: 'boolean', description: 'Print the build report as JSON on stdout', default: false },
  },
  examples: ['pnpm trainer data build', 'pnpm trainer data build --only clinc150 goemotions --size 5000 --out data/small/train.jsonl'],
};

export const dataGenerateSpec: CommandSpec = {
  name: 'gliznet-trainer data generate',
  summary: 'Generate training records with an LLM (Ollama, Groq or any OpenAI-compatible endpoint). Restarting the same command resumes.',
  options: {
    provider: { type: 'string', description: 'LLM provider', choices: ['ollama', 'groq', 'openai'], required: true },
    model: { type: 'string', description: 'Model name, e.g. llama3.1:8b (Ollama) or llama-3.1-8b-instant (Groq)', required: true },
    'base-url': { type: 'string', description: "Endpoint URL (default: the provider's)", placeholder: '<url>' },
    count: { type: 'number', description: 'Records wanted', required: true },
    out: { type: 'string', description: 'Output JSONL (appended to; a .report.json and a state file go beside it)', required: true, placeholder: '<jsonl>' },
    'labels-per-batch': { type: 'number', description: "Labels in each request's shared pool", default: 15 },
    'texts-per-batch': { type: 'number', description: 'Texts per request', default: 5 },
    concurrency: { type: 'number', description: 'Requests in flight', default: 2 },
    temperature: { type: 'number', description: 'Sampling temperature', default: 0.9 },
    seed: { type: 'number', description: 'Seed (part of every batch key)', default: 42 },
    json: { type: 'boolean', description: 'Print the run report as JSON on stdout', default: false },
  },
  examples: [
    'pnpm trainer data generate --provider ollama --model llama3.1:8b --count 50000 --out data/llm/train.jsonl',
    'GROQ_API_KEY=... pnpm trainer data generate --provider groq --model llama-3.1-8b-instant --count 50000 --out data/llm/train.jsonl',
  ],
};

export const dataStatsSpec: CommandSpec = {
  name: 'gliznet-trainer data stats',
  summary: 'Statistics of training record files: label counts, text lengths, positives and negatives per record, duplicates.',
  usage: '<jsonl>...',
  options: {
    'top-labels': { type: 'number', description: 'Labels listed in the table', default: 15 },
    'on-invalid': { type: 'string', description: 'Bad lines: report and skip, or stop', choices: ['skip', 'stop'], default: 'skip' },
    json: { type: 'boolean', description: 'Print JSON instead of the table', default: false },
  },
};

function helpOr(argv: readonly string[], spec: CommandSpec, context: CommandContext): ReturnType<typeof parseCommandLine> | undefined {
  const parsed = parseCommandLine(argv, spec);
  if (!parsed.help) return parsed;
  context.stdout.write(formatHelp(spec));
  return undefined;
}

export async function dataBuildCommand(argv: readonly string[], context: CommandContext): Promise<number> {
  const parsed = helpOr(argv, dataBuildSpec, context);
  if (parsed === undefined) return 0;
  const values = parsed.values as { corpora?: string; only?: string[]; exclude?: string[]; out?: string; size: number; 'validation-fraction': number; 'max-corpus-share': number; 'group-label-rate': number; 'rating-label-rate': number; seed: number; json: boolean };
  for (const flag of ['group-label-rate', 'rating-label-rate'] as const) {
    const rate = values[flag];
    if (!(rate >= 0 && rate <= 1)) throw new InvalidArgumentError(`--${flag}`, `--${flag} is a share of rows, from 0 (off) to 1, got ${rate}; e.g. --${flag} 0.4`);
  }
  await runBuildCommand(
    {
      ...(values.corpora ? { corpora: values.corpora } : {}),
      ...(values.only ? { only: values.only } : {}),
      ...(values.exclude ? { exclude: values.exclude } : {}),
      outFile: values.out ?? defaultBuildOutput(),
      trainSize: values.size,
      validationFraction: values['validation-fraction'],
      maxCorpusShare: values['max-corpus-share'],
      groupLabelRate: values['group-label-rate'],
      ratingLabelRate: values['rating-label-rate'],
      seed: values.seed,
      json: values.json,
      sentenceEncoder: useLiteSentenceEncoder(),
    },
    { stdout: context.stdout, stderr: context.stderr },
  );
  return 0;
}

export async function dataGenerateCommand(argv: readonly string[], context: CommandContext): Promise<number> {
  const parsed = helpOr(argv, dataGenerateSpec, context);
  if (parsed === undefined) return 0;
  const values = parsed.values as { provider: 'ollama' | 'groq' | 'openai'; model: string; 'base-url'?: string; count: number; out: string; 'labels-per-batch': number; 'texts-per-batch': number; concurrency: number; temperature: number; seed: number; json: boolean };
  const controller = new AbortController();
  const removeSignalHandlers = onInterruptSignals(
    createInterruptHandler({
      onInterrupt: () => {
        context.stderr.write('\ninterrupt: stopping; finished batches are kept, run the same command to resume\n');
        controller.abort();
      },
      onForce: () => process.exit(130),
    }),
  );
  try {
    await runGenerateCommand(
      {
        provider: values.provider,
        model: values.model,
        ...(values['base-url'] ? { baseUrl: values['base-url'] } : {}),
        count: values.count,
        outFile: values.out,
        labelsPerBatch: values['labels-per-batch'],
        textsPerBatch: values['texts-per-batch'],
        concurrency: values.concurrency,
        temperature: values.temperature,
        seed: values.seed,
        signal: controller.signal,
        json: values.json,
      },
      { stdout: context.stdout, stderr: context.stderr },
    );
  } finally {
    removeSignalHandlers();
  }
  return 0;
}

export async function dataStatsCommand(argv: readonly string[], context: CommandContext): Promise<number> {
  const parsed = helpOr(argv, dataStatsSpec, context);
  if (parsed === undefined) return 0;
  if (parsed.positionals.length === 0) {
    context.stderr.write(`error: give at least one record file\n\n${formatHelp(dataStatsSpec)}`);
    return 1;
  }
  const values = parsed.values as { 'top-labels': number; 'on-invalid': 'skip' | 'stop'; json: boolean };
  await runStatsCommand({ files: parsed.positionals, topLabels: values['top-labels'], onInvalid: values['on-invalid'], json: values.json }, { stdout: context.stdout, stderr: context.stderr });
  return 0;
}
