/**
 * Finding and checking a model directory before anything is loaded: config.json (with its format
 * version, checked by `readModelConfig`), tokenizer.json and the ONNX file the options ask for.
 * Every problem is listed at once, each with its fix.
 */
import { realpath } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ModelLoadError, readModelConfig, isDirectory, isFile, type ModelConfig } from '@gliznet/common';

/** Environment variable naming the default model directory. */
export const MODEL_DIR_ENVIRONMENT_VARIABLE = 'GLIZNET_MODEL_DIR';

/** The npm package that ships the default model (an optional peer dependency of this package). */
export const DEFAULT_MODEL_PACKAGE = '@gliznet/model-gliznet-minilm';

/** Where the model files sit inside DEFAULT_MODEL_PACKAGE (its `modelDirectory` export). */
const MODEL_PACKAGE_SUBDIRECTORY = 'model';

/** `<repo>/models/gliznet-minilm`, located from this file (src/ and dist/ sit at the same depth). */
export function repositoryDefaultModelDirectory(): string {
  return fileURLToPath(new URL('../../../models/gliznet-minilm', import.meta.url));
}

/**
 * The model directory of DEFAULT_MODEL_PACKAGE installed in a `node_modules` folder of `from` or
 * one of its parents (default `from`: this file, so the package installed beside @gliznet/sdk, by
 * npm, pnpm or `npm install -g`), or undefined when there is none. Only those folders are searched,
 * as Node's own lookup does, but never NODE_PATH or the global folders (tool shims set NODE_PATH to
 * unrelated stores). The directory itself is not checked.
 */
export async function installedModelPackageDirectory(options: { from?: string | URL } = {}): Promise<string | undefined> {
  const from = options.from ?? import.meta.url;
  const start = from instanceof URL || from.startsWith('file:') ? fileURLToPath(from) : resolve(from);
  for (let directory = dirname(start); ; directory = dirname(directory)) {
    if (basename(directory) !== 'node_modules') {
      const manifest = join(directory, 'node_modules', ...DEFAULT_MODEL_PACKAGE.split('/'), 'package.json');
      if (await isFile(manifest)) return join(await realpath(dirname(manifest)), MODEL_PACKAGE_SUBDIRECTORY);
    }
    if (dirname(directory) === directory) return undefined;
  }
}

/** True when this file is inside a node_modules folder (an installed @gliznet/sdk, not a checkout). */
function isInstalledCopy(): boolean {
  return fileURLToPath(import.meta.url).split(/[\\/]/).includes('node_modules');
}

/** Where `resolveDefaultModelDirectory` looks, for tests and unusual layouts. */
export interface DefaultModelLocations {
  /** Where DEFAULT_MODEL_PACKAGE is resolved from. Default: this file (the package beside @gliznet/sdk). */
  modelPackageFrom?: string | URL;
  /** The repository checkout's default model. Default: repositoryDefaultModelDirectory(), or none for an installed copy. */
  repositoryDirectory?: string;
}

/**
 * The model directory to use when the caller gave none, the first of: `$GLIZNET_MODEL_DIR`; the
 * installed package @gliznet/model-gliznet-minilm (`npm install @gliznet/model-gliznet-minilm`);
 * the repository's `models/gliznet-minilm` (in a checkout of this repository; an installed copy
 * has none). Throws ModelLoadError naming every place it looked when none exists.
 */
export async function resolveDefaultModelDirectory(
  environment: Readonly<Record<string, string | undefined>> = process.env,
  locations: DefaultModelLocations = {},
): Promise<string> {
  const fromEnvironment = environment[MODEL_DIR_ENVIRONMENT_VARIABLE];
  if (fromEnvironment !== undefined && fromEnvironment !== '') {
    const directory = resolve(fromEnvironment);
    if (await isDirectory(directory)) return directory;
    throw new ModelLoadError(directory, `${MODEL_DIR_ENVIRONMENT_VARIABLE} is set to ${fromEnvironment}, which is not a directory. Point it at a gliznet model directory or unset it and pass the directory explicitly.`);
  }
  const looked = [`$${MODEL_DIR_ENVIRONMENT_VARIABLE} (unset)`];
  const installed = await installedModelPackageDirectory(locations.modelPackageFrom === undefined ? {} : { from: locations.modelPackageFrom });
  if (installed !== undefined && (await isDirectory(installed))) return installed;
  looked.push(
    installed === undefined
      ? `the package ${DEFAULT_MODEL_PACKAGE} (not installed)`
      : `the package ${DEFAULT_MODEL_PACKAGE} (installed, but ${installed} is missing: reinstall it)`,
  );
  // Only a repository checkout has models/ next to packages/; an installed copy has no repository.
  const repository = locations.repositoryDirectory ?? (isInstalledCopy() ? undefined : repositoryDefaultModelDirectory());
  if (repository !== undefined) {
    if (await isDirectory(repository)) return repository;
    looked.push(`${repository} (missing; the default model of a repository checkout)`);
  }
  throw new ModelLoadError(
    installed ?? repository ?? DEFAULT_MODEL_PACKAGE,
    `no model directory given and no default model found. Looked at: ${looked.join('; ')}. ` +
      `Install the default model (npm install ${DEFAULT_MODEL_PACKAGE}), pass a model directory (fromPretrained(dir), or --model <dir> on the CLI) or set ${MODEL_DIR_ENVIRONMENT_VARIABLE}.`,
    { problems: looked },
  );
}

/** What the classifier needs from a checked model directory. */
export interface ModelDirectoryContents {
  directory: string;
  config: ModelConfig;
  /** The ONNX file chosen by `quantized` (see inspectModelDirectory). */
  onnxPath: string;
  /** Whether `onnxPath` is the int8 graph. */
  quantized: boolean;
  tokenizerPath: string;
}

/** Relative path of the ONNX file for the given precision. */
export function onnxFileName(options: { quantized: boolean }): string {
  return options.quantized ? 'onnx/model_quantized.onnx' : 'onnx/model.onnx';
}

/**
 * True when `directory` has `onnx/model_quantized.onnx` and no `onnx/model.onnx`: then the
 * classifier loads the int8 graph unless `quantized: false` is asked for.
 */
export async function shipsOnlyInt8Graph(directory: string): Promise<boolean> {
  return !(await isFile(join(directory, onnxFileName({ quantized: false })))) && (await isFile(join(directory, onnxFileName({ quantized: true }))));
}

/**
 * Checks `directory` for config.json (valid, supported format version), tokenizer.json and the ONNX
 * file: `onnx/model_quantized.onnx` when `quantized` is true, `onnx/model.onnx` when it is false;
 * left out, `onnx/model.onnx` when the directory has it, else `onnx/model_quantized.onnx` (a
 * directory that ships only the int8 graph, as the default model does). Throws one ModelLoadError
 * whose `problems` lists everything wrong.
 */
export async function inspectModelDirectory(directory: string, options: { quantized?: boolean | undefined } = {}): Promise<ModelDirectoryContents> {
  const absolute = resolve(directory);
  if (!(await isDirectory(absolute))) {
    throw new ModelLoadError(absolute, `model directory ${absolute} does not exist or is not a directory`, { problems: [`${absolute} is not a directory`] });
  }
  const problems: string[] = [];
  let config: ModelConfig | undefined;
  try {
    config = await readModelConfig(absolute);
  } catch (error) {
    if (!ModelLoadError.isInstance(error)) throw error;
    if (error.problems.length > 0) problems.push(...error.problems.map((problem) => `config.json: ${problem}`));
    else problems.push(error.message);
  }
  const tokenizerPath = join(absolute, 'tokenizer.json');
  if (!(await isFile(tokenizerPath))) {
    problems.push(`tokenizer.json is missing: copy the tokenizer.json the model was trained with into ${absolute}`);
  }
  const quantized = options.quantized ?? (await shipsOnlyInt8Graph(absolute));
  const onnxPath = join(absolute, onnxFileName({ quantized }));
  if (!(await isFile(onnxPath))) {
    const fix = quantized
      ? 'export it with `pnpm trainer export` (int8 on) or exportOnnx(dir, { quantize: true }) from @gliznet/onnx-export, or load the fp32 model (quantized: false)'
      : (await isFile(join(absolute, onnxFileName({ quantized: true }))))
        ? `this directory ships only ${onnxFileName({ quantized: true })}: load it with quantized: true (CLI --quantized), or write the fp32 graph with \`pnpm trainer export --model ${absolute} --no-quantize\``
        : 'export it with `pnpm trainer export` or exportOnnx(dir) from @gliznet/onnx-export';
    problems.push(`${onnxFileName({ quantized })} is missing: ${fix}`);
  }
  if (problems.length > 0 || config === undefined) {
    throw new ModelLoadError(absolute, `model directory ${absolute} cannot be used:\n  - ${problems.join('\n  - ')}`, { problems });
  }
  return { directory: absolute, config, onnxPath, quantized, tokenizerPath };
}
