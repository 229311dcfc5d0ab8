/**
 * `pnpm bench train-speed`: the training-throughput benchmark of the trainer issue. It runs
 * `@gliznet/core`'s own micro-benchmark (packages/core/scripts/bench-train-step.ts: forward,
 * forward + backward and a full Adam step on the pretrained use-lite GliZNet) in a child process,
 * unchanged, and records its figures with the run's provenance.
 */
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { InvalidArgumentError, formatHelp, parseCommandLine, writeFileAtomic, writeJsonAtomic, type CommandSpec } from '@gliznet/common';
import { DEFAULT_RESULTS_DIRECTORY, repositoryRoot } from '../paths.js';
import { runDirectory } from '../results/output-directory.js';
import { collectRunEnvironment, type RunEnvironment } from '../results/run-environment.js';
import { runHeader, type CommandIo } from './command-io.js';

/** The core package's benchmark script. */
export const TRAIN_STEP_SCRIPT = join(repositoryRoot, 'packages', 'core', 'scripts', 'bench-train-step.ts');

const PASS_THROUGH = ['encoder', 'backend', 'threads', 'batch', 'tokens', 'labels', 'steps'] as const;

export const TRAIN_SPEED_SPEC: CommandSpec = {
  name: 'pnpm bench train-speed',
  summary: 'Training throughput of a GliZNet (use-lite or a BERT directory) on tfjs (forward, forward + backward, Adam step), via @gliznet/core\'s bench-train-step script.',
  options: {
    encoder: { type: 'string', default: 'use-lite', placeholder: '<use-lite|dir>', description: 'pretrained encoder: use-lite or a Hugging Face BERT directory (pnpm trainer encoder fetch)' },
    backend: { type: 'string', default: 'wasm', choices: ['wasm', 'cpu', 'tensorflow'], description: 'tfjs backend' },
    threads: { type: 'number', placeholder: '<n>', description: 'wasm threads (default: tfjs\'s choice)' },
    batch: { type: 'number', default: 16, description: 'rows per step' },
    tokens: { type: 'number', default: 96, description: 'tokens per row' },
    labels: { type: 'number', default: 5, description: 'labels per row' },
    steps: { type: 'number', default: 5, description: 'timed steps (median reported)' },
    out: { type: 'string', placeholder: '<dir>', description: 'result directory (default bench-results/train-speed-<timestamp>)' },
    json: { type: 'boolean', default: false, description: 'print the results as JSON on stdout' },
  },
  examples: ['pnpm bench train-speed', 'pnpm bench train-speed --encoder data/encoders/all-MiniLM-L6-v2 --batch 8 --tokens 96 --labels 8', 'pnpm bench train-speed --batch 8 --tokens 64 --labels 10 --threads 2 --json'],
};

export interface TrainSpeedFigures {
  forwardMs: number | null;
  forwardGflopsPerSecond: number | null;
  forwardBackwardMs: number | null;
  forwardBackwardGflopsPerSecond: number | null;
  trainStepMs: number | null;
  trainStepGflopsPerSecond: number | null;
  plainMatmulGflopsPerSecond: number | null;
  rowsPerSecond: number | null;
}

export interface TrainSpeedResults {
  command: 'train-speed';
  commandLine: string;
  startedAt: string;
  finishedAt: string;
  environment: RunEnvironment;
  settings: Record<string, string | number | null>;
  script: string;
  figures: TrainSpeedFigures;
  /** The script's full output. */
  output: string;
}

/** The first line starting with `prefix` (a regular expression source). */
function line(prefix: string, output: string): string | undefined {
  return new RegExp(`^${prefix}[^\\n]*`, 'm').exec(output)?.[0];
}

function first(pattern: RegExp, text: string | undefined): number | null {
  const match = text === undefined ? null : pattern.exec(text);
  return match === null ? null : Number(match[1]);
}

const MILLISECONDS = /([\d.]+) ms/;
const GFLOPS = /([\d.]+) GFLOP\/s/;

/**
 * Reads the figures out of bench-train-step's report lines (`forward ...`, `forward + backward ...`,
 * `training step (+ Adam) ...`, `plain matmul ...`: the first "N ms" and "N GFLOP/s" of each, i.e.
 * wall-clock figures); a line it cannot find gives null.
 */
export function parseTrainStepOutput(output: string, options: { batch: number }): TrainSpeedFigures {
  const forward = line('forward(?! \\+)', output);
  const forwardBackward = line('forward \\+ backward', output);
  const trainStep = line('training step', output);
  const trainStepMs = first(MILLISECONDS, trainStep);
  return {
    forwardMs: first(MILLISECONDS, forward),
    forwardGflopsPerSecond: first(GFLOPS, forward),
    forwardBackwardMs: first(MILLISECONDS, forwardBackward),
    forwardBackwardGflopsPerSecond: first(GFLOPS, forwardBackward),
    trainStepMs,
    trainStepGflopsPerSecond: first(GFLOPS, trainStep),
    plainMatmulGflopsPerSecond: first(GFLOPS, line('plain matmul', output)),
    rowsPerSecond: trainStepMs === null || trainStepMs === 0 ? null : options.batch / (trainStepMs / 1000),
  };
}

function runScript(args: readonly string[], io: CommandIo): Promise<string> {
  const tsx = createRequire(import.meta.url).resolve('tsx/cli');
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [tsx, '--conditions=@gliznet/source', TRAIN_STEP_SCRIPT, ...args], { cwd: repositoryRoot, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += String(chunk);
      io.stderr.write(chunk);
    });
    child.stderr.on('data', (chunk: Buffer) => io.stderr.write(chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0) resolvePromise(output);
      else reject(new InvalidArgumentError('argv', `${TRAIN_STEP_SCRIPT} exited with code ${code}; its output is above`));
    });
  });
}

export async function trainSpeedCommand(argv: readonly string[], io: CommandIo): Promise<TrainSpeedResults | undefined> {
  const parsed = parseCommandLine(argv, TRAIN_SPEED_SPEC);
  if (parsed.help) {
    io.stdout.write(formatHelp(TRAIN_SPEED_SPEC));
    return undefined;
  }
  const values = parsed.values;
  const args: string[] = [];
  const settings: Record<string, string | number | null> = {};
  for (const name of PASS_THROUGH) {
    const value = values[name];
    settings[name] = (value as string | number | undefined) ?? null;
    if (value !== undefined) args.push(`--${name}`, String(value));
  }
  const started = new Date();
  const environment = await collectRunEnvironment();
  const output = await runScript(args, io);
  const results: TrainSpeedResults = {
    ...runHeader('train-speed', io, argv, started, environment),
    settings,
    script: 'packages/core/scripts/bench-train-step.ts',
    figures: parseTrainStepOutput(output, { batch: values['batch'] as number }),
    output,
  };
  const directory = runDirectory({ command: 'train-speed', resultsRoot: DEFAULT_RESULTS_DIRECTORY, date: started, ...(typeof values['out'] === 'string' ? { out: values['out'] } : {}) });
  await writeJsonAtomic(join(directory, 'results.json'), results);
  await writeFileAtomic(join(directory, 'output.txt'), output);
  if (values['json'] === true) io.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
  else io.stdout.write(`${Object.entries(results.figures).map(([name, value]) => `${name}: ${value === null ? '–' : value.toFixed(2)}`).join('\n')}\n\nResults: ${directory}\n`);
  return results;
}
