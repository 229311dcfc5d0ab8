/** Node: reads a model directory's `config.json` (see model-config.ts for the schema). */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ModelLoadError } from './errors.js';
import { parseModelConfigText, type ModelConfig } from './model-config.js';

/** Reads and parses `<directory>/config.json`; a missing or unreadable file is a ModelLoadError. */
export async function readModelConfig(directory: string): Promise<ModelConfig> {
  const path = join(directory, 'config.json');
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new ModelLoadError(path, `cannot read ${path}: ${(error as Error).message}. A model directory needs config.json, tokenizer.json and model.safetensors (or onnx/model.onnx).`, { cause: error });
  }
  return parseModelConfigText(text, path);
}
