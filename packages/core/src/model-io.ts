/**
 * The model directory (docs/model-format.md): `config.json`, `tokenizer.json`, `model.safetensors`.
 * Every file is written atomically (temp file + rename); every read problem is a ModelLoadError
 * naming the file.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ConfigurationError, ModelLoadError, modelConfigToJson, readModelConfig, readSafetensors, validateGliznetSettings, writeFileAtomic, writeJsonAtomic, writeSafetensors, pathExists, type ModelConfig, type NamedTensor } from '@gliznet/common';
import type { NamedWeight } from './parameters.js';

export const CONFIG_FILE = 'config.json';
export const TOKENIZER_FILE = 'tokenizer.json';
export const WEIGHTS_FILE = 'model.safetensors';

export interface ModelDirectoryContents {
  config: ModelConfig;
  /** Path of model.safetensors (for error messages). */
  weightsPath: string;
  weights: Map<string, NamedTensor>;
  /** Path of tokenizer.json when the directory has one. */
  tokenizerPath: string | undefined;
}

/** Reads config.json and model.safetensors (once each) and locates tokenizer.json. */
export async function readModelDirectory(directory: string): Promise<ModelDirectoryContents> {
  const config = await readModelConfig(directory);
  const weightsPath = join(directory, WEIGHTS_FILE);
  if (!(await pathExists(weightsPath))) {
    throw new ModelLoadError(weightsPath, `${weightsPath} is missing; a model directory needs ${CONFIG_FILE}, ${TOKENIZER_FILE} and ${WEIGHTS_FILE}`);
  }
  const weights = await readSafetensors(weightsPath);
  const tokenizerPath = join(directory, TOKENIZER_FILE);
  return { config, weightsPath, weights, tokenizerPath: (await pathExists(tokenizerPath)) ? tokenizerPath : undefined };
}

export interface WriteModelDirectoryOptions {
  /** Float storage in model.safetensors (default F32; F16 halves the size, rounding weights). */
  floatDtype?: 'F32' | 'F16';
  /** tokenizer.json to copy into the directory; omitted when undefined. */
  tokenizerPath?: string | undefined;
}

/**
 * Writes a model directory: model.safetensors, tokenizer.json (copied), then config.json last, so
 * a directory with a config.json is complete. Returns the files written.
 */
export async function writeModelDirectory(
  directory: string,
  config: ModelConfig,
  weights: ReadonlyMap<string, NamedWeight>,
  options: WriteModelDirectoryOptions = {},
): Promise<string[]> {
  const problems = validateGliznetSettings(config.gliznet);
  if (problems.length > 0) throw new ConfigurationError(`cannot save: the model configuration is invalid:\n  - ${problems.join('\n  - ')}`, { problems });
  const written: string[] = [];
  const weightsPath = join(directory, WEIGHTS_FILE);
  await writeSafetensors(weightsPath, new Map(weights), { floatDtype: options.floatDtype ?? 'F32', metadata: { format: 'pt' } });
  written.push(weightsPath);
  if (options.tokenizerPath !== undefined) {
    const target = join(directory, TOKENIZER_FILE);
    if (options.tokenizerPath !== target) {
      let text: Buffer;
      try {
        text = await readFile(options.tokenizerPath);
      } catch (error) {
        throw new ModelLoadError(options.tokenizerPath, `cannot read tokenizer ${options.tokenizerPath} to copy it: ${(error as Error).message}`, { cause: error });
      }
      await writeFileAtomic(target, text);
    }
    written.push(target);
  }
  const configPath = join(directory, CONFIG_FILE);
  await writeJsonAtomic(configPath, modelConfigToJson(config));
  written.push(configPath);
  return written;
}
