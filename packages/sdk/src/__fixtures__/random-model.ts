/**
 * Tiny random model directories in the real format (config.json, tokenizer.json,
 * model.safetensors, onnx/model.onnx and onnx/model_quantized.onnx), built with
 * @gliznet/onnx-export for the SDK's end-to-end tests.
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exportOnnx } from '@gliznet/onnx-export';
import { createTinyModelConfig, writeRandomModelDirectory, type TinyModelConfigOptions } from '@gliznet/onnx-export/testing';

/** Writes and exports a random model; returns its directory. */
export async function buildRandomModel(options: TinyModelConfigOptions & { seed?: number; quantize?: boolean } = {}): Promise<string> {
  const { seed = 1, quantize = true, ...configOptions } = options;
  const directory = await mkdtemp(join(tmpdir(), 'gliznet-sdk-model-'));
  const config = createTinyModelConfig({ maxLength: 48, minTextTokens: 4, ...configOptions });
  await writeRandomModelDirectory(directory, { config, seed });
  await exportOnnx(directory, { quantize });
  return directory;
}
