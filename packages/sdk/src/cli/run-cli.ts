/**
 * The `gliznet` command line: dispatch to sub-commands, help texts and error reporting.
 * Results go to stdout, progress and errors to stderr. Exit codes: 0 success, 1 failure,
 * 2 bad usage or input.
 */
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { GliznetError, InvalidArgumentError, type ModelConfig } from '@gliznet/common';
import { ZeroShotClassifier } from '../zero-shot-classifier.js';
import { CLASSIFY_HELP, parseClassifyArguments } from './classify-arguments.js';
import { runClassifyCommand, type CliClassifier } from './classify-command.js';
import type { CliIo } from './cli-io.js';

export const MAIN_HELP = `Usage: gliznet <command> [options]

Zero-shot text classification with GliZNet ONNX models (all labels in one transformer pass).

Commands:
  classify    classify texts against candidate labels (gliznet classify --help)
  info        show a model directory's settings and ONNX inputs (gliznet info --help)
  help [cmd]  show help

Options:
  -h, --help     show help
  -v, --version  print the version
`;

export const INFO_HELP = `Usage: gliznet info [--model DIR] [--quantized] [--json]

Loads a model directory and prints its gliznet settings, ONNX file and inputs.
  --model DIR    model directory (default: $GLIZNET_MODEL_DIR, then the packaged default model)
  --quantized    check onnx/model_quantized.onnx (default: onnx/model.onnx when the directory has it)
  --json         print JSON
`;

/** A warning when `--max-length` asks for a longer window than the model was trained with (undefined otherwise). */
export function windowWarning(maxLength: number | undefined, config: ModelConfig | undefined): string | undefined {
  if (maxLength === undefined || config === undefined || maxLength <= config.gliznet.maxLength) return undefined;
  return `--max-length ${maxLength} is longer than the ${config.gliznet.maxLength} tokens this model was trained with (config.json max_length); scores of longer inputs are not what it learned and may be worse`;
}

/** How the CLI gets a classifier; tests may substitute their own. */
export interface CliDependencies {
  loadClassifier(modelDirectory: string | undefined, options: { quantized: boolean | undefined; threads?: number; hypothesisTemplate?: string }): Promise<CliClassifier & Partial<Pick<ZeroShotClassifier, 'modelDirectory' | 'modelPath' | 'config' | 'inputNames' | 'quantized'>>>;
}

const defaultDependencies: CliDependencies = {
  loadClassifier: (modelDirectory, options) => ZeroShotClassifier.fromPretrained(modelDirectory, options),
};

async function packageVersion(): Promise<string> {
  const manifest = JSON.parse(await readFile(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  return manifest.version;
}

async function runInfo(argv: readonly string[], io: CliIo, dependencies: CliDependencies): Promise<number> {
  let values: Record<string, string | boolean | undefined>;
  try {
    values = parseArgs({ args: [...argv], options: { model: { type: 'string' }, quantized: { type: 'boolean' }, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } }, strict: true }).values;
  } catch (error) {
    throw new InvalidArgumentError('arguments', `${(error as Error).message}. Run "gliznet info --help" for the options.`);
  }
  if (values['help'] === true) {
    io.stdout.write(INFO_HELP);
    return 0;
  }
  const classifier = await dependencies.loadClassifier(values['model'] as string | undefined, { quantized: values['quantized'] === true ? true : undefined });
  try {
    const info = { modelDirectory: classifier.modelDirectory, onnx: classifier.modelPath, inputs: classifier.inputNames, gliznet: classifier.config?.gliznet, modelType: classifier.config?.huggingFace['model_type'] };
    if (values['json'] === true) io.stdout.write(`${JSON.stringify(info, null, 2)}\n`);
    else {
      io.stdout.write(`model directory: ${info.modelDirectory}\nonnx file:       ${info.onnx}\ninputs:          ${info.inputs?.join(', ')}\nmodel_type:      ${String(info.modelType)}\n`);
      for (const [key, value] of Object.entries(info.gliznet ?? {})) io.stdout.write(`  ${key}: ${JSON.stringify(value)}\n`);
    }
    return 0;
  } finally {
    await classifier.dispose();
  }
}

/** Runs the CLI with `argv` (without node and script). Returns the exit code; never throws. */
export async function runCli(argv: readonly string[], io: CliIo, dependencies: CliDependencies = defaultDependencies): Promise<number> {
  const [command, ...rest] = argv;
  try {
    if (command === undefined || command === '--help' || command === '-h' || (command === 'help' && rest.length === 0)) {
      io.stdout.write(MAIN_HELP);
      return command === undefined ? 2 : 0;
    }
    if (command === '--version' || command === '-v') {
      io.stdout.write(`${await packageVersion()}\n`);
      return 0;
    }
    if (command === 'help') {
      const topic = rest[0];
      if (topic === 'classify') io.stdout.write(CLASSIFY_HELP);
      else if (topic === 'info') io.stdout.write(INFO_HELP);
      else throw new InvalidArgumentError('command', `no help for ${JSON.stringify(topic)}; commands: classify, info`);
      return 0;
    }
    if (command === 'info') return await runInfo(rest, io, dependencies);
    if (command === 'classify') {
      const parsed = parseClassifyArguments(rest);
      if (parsed.help) {
        io.stdout.write(CLASSIFY_HELP);
        return 0;
      }
      const loadOptions = {
        quantized: parsed.quantized,
        ...(parsed.threads === undefined ? {} : { threads: parsed.threads }),
        ...(parsed.hypothesisTemplate === undefined ? {} : { hypothesisTemplate: parsed.hypothesisTemplate }),
      };
      const classifier = await dependencies.loadClassifier(parsed.modelDirectory, loadOptions);
      try {
        const warning = windowWarning(parsed.classifyOptions.maxLength, classifier.config);
        if (warning !== undefined) io.stderr.write(`gliznet: warning: ${warning}\n`);
        return await runClassifyCommand(parsed, classifier, io);
      } finally {
        await classifier.dispose();
      }
    }
    throw new InvalidArgumentError('command', `unknown command ${JSON.stringify(command)}; commands: classify, info (gliznet --help)`);
  } catch (error) {
    if (GliznetError.isInstance(error)) {
      io.stderr.write(`gliznet: ${error.code}: ${error.message}\n`);
      return InvalidArgumentError.isInstance(error) ? 2 : 1;
    }
    io.stderr.write(`gliznet: unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    return 1;
  }
}
