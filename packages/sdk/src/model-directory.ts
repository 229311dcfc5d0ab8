/**
 * Finding and checking a model directory before anything is loaded: config.json (with its format
 * version, checked by `readModelConfig`), tokenizer.json and the ONNX file the options ask for.
 * Every problem is listed at once, each with its fix.
 */
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ModelLoadError, readModelConfig, isDirectory, isFile, type ModelConfig } from '@gliznet/common';

/** Environment variable naming the default model directory. */
export const MODEL_DIR_ENVIRONMENT_VARIABLE = 'GLIZNET_MODEL_DIR';

/** `<repo>/models/gliznet-use-lite`, located from this file (src/ and dist/ sit at the same depth). */
export function repositoryDefaultModelDirectory(): string {
  return fileURLToPath(new URL('../../../models/gliznet-use-lite', import.meta.url));
}

/**
 * The model directory to use when the caller gave none: `$GLIZNET_MODEL_DIR`, else the repository's
 * `models/gliznet-use-lite`. Throws ModelLoadError telling the user to pass a directory when neither
 * exists.
 */
export async function resolveDefaultModelDirectory(environment: Readonly<Record<string, string | undefined>> = process.env): Promise<string> {
  const fromEnvironment = environment[MODEL_DIR_ENVIRONMENT_VARIABLE];
  if (fromEnvironment !== undefined && fromEnvironment !== '') {
    const directory = resolve(fromEnvironment);
    if (await isDirectory(directory)) return directory;
    throw new ModelLoadError(directory, `${MODEL_DIR_ENVIRONMENT_VARIABLE} is set to ${fromEnvironment}, which is not a directory. Point it at a gliznet model directory or unset it and pass the directory explicitly.`);
  }
  const packaged = repositoryDefaultModelDirectory();
  if (await isDirectory(packaged)) return packaged;
  throw new ModelLoadError(
    packaged,
    `no model directory given and no default model found (looked at $${MODEL_DIR_ENVIRONMENT_VARIABLE}, unset, and ${packaged}, missing). ` +
      'Pass a model directory (fromPretrained(dir), or --model <dir> on the CLI) or set GLIZNET_MODEL_DIR.',
  );
}

/** What the classifier needs from a checked model directory. */
export interface ModelDirectoryContents {
  directory: string;
  config: ModelConfig;
  /** The ONNX file chosen by `quantized`. */
  onnxPath: string;
  tokenizerPath: string;
}

/** Relative path of the ONNX file for the given precision. */
export function onnxFileName(options: { quantized: boolean }): string {
  return options.quantized ? 'onnx/model_quantized.onnx' : 'onnx/model.onnx';
}

/**
 * Checks `directory` for config.json (valid, supported format version), tokenizer.json and the ONNX
 * file (`onnx/model_quantized.onnx` when `quantized`, else `onnx/model.onnx`). Throws one
 * ModelLoadError whose `problems` lists everything wrong.
 */
export async function inspectModelDirectory(directory: string, options: { quantized: boolean }): Promise<ModelDirectoryContents> {
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
  const onnxPath = join(absolute, onnxFileName(options));
  if (!(await isFile(onnxPath))) {
    const fix = options.quantized
      ? 'export it with `pnpm trainer export` (int8 on) or exportOnnx(dir, { quantize: true }) from @gliznet/onnx-export, or load the fp32 model (quantized: false)'
      : 'export it with `pnpm trainer export` or exportOnnx(dir) from @gliznet/onnx-export';
    problems.push(`${onnxFileName(options)} is missing: ${fix}`);
  }
  if (problems.length > 0 || config === undefined) {
    throw new ModelLoadError(absolute, `model directory ${absolute} cannot be used:\n  - ${problems.join('\n  - ')}`, { problems });
  }
  return { directory: absolute, config, onnxPath, tokenizerPath };
}
