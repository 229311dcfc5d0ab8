/**
 * `exportOnnx(modelDir)`: model directory (config.json + model.safetensors) -> onnx/model.onnx and
 * onnx/model_quantized.onnx, written atomically.
 */
import { rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { ConfigurationError, ModelLoadError, readModelConfig, readSafetensors, writeFileAtomic } from '@gliznet/common';
import { buildOnnxModel } from './build-onnx-model.js';
import { DEFAULT_QUANTIZATION } from './quantize.js';

export interface ExportOnnxOptions {
  /** Also write `onnx/model_quantized.onnx` (int8). Default true. With false, a stale quantized file is removed. */
  quantize?: boolean;
}

export interface ExportOnnxResult {
  /** `<modelDir>/onnx/model.onnx` */
  modelPath: string;
  /** `<modelDir>/onnx/model_quantized.onnx`, or null when not written. */
  quantizedModelPath: string | null;
  /** File sizes in bytes. */
  modelBytes: number;
  quantizedModelBytes: number | null;
}

/**
 * Exports the model directory's weights to ONNX (opset 17). Errors: ModelLoadError naming
 * config.json or model.safetensors when one is missing, unreadable or does not match the other
 * (every missing / unexpected / misshapen tensor listed).
 */
export async function exportOnnx(modelDir: string, options: ExportOnnxOptions = {}): Promise<ExportOnnxResult> {
  const quantize = options.quantize ?? true;
  const configPath = join(modelDir, 'config.json');
  const weightsPath = join(modelDir, 'model.safetensors');
  const config = await readModelConfig(modelDir);
  try {
    await stat(weightsPath);
  } catch (error) {
    throw new ModelLoadError(weightsPath, `cannot read ${weightsPath}: ${(error as Error).message}. exportOnnx needs the model's weights in model.safetensors beside config.json.`, { cause: error });
  }
  const tensors = await readSafetensors(weightsPath);
  const build = (quantization: typeof DEFAULT_QUANTIZATION | null): Uint8Array => {
    try {
      return buildOnnxModel(config, tensors, { quantization, weightsPath });
    } catch (error) {
      if (ConfigurationError.isInstance(error)) throw new ModelLoadError(configPath, `${configPath}: ${error.message}`, { cause: error, problems: error.problems });
      throw error;
    }
  };
  const modelPath = join(modelDir, 'onnx', 'model.onnx');
  const quantizedPath = join(modelDir, 'onnx', 'model_quantized.onnx');
  const model = build(null);
  await writeFileAtomic(modelPath, model);
  if (!quantize) {
    await rm(quantizedPath, { force: true });
    return { modelPath, quantizedModelPath: null, modelBytes: model.byteLength, quantizedModelBytes: null };
  }
  const quantized = build(DEFAULT_QUANTIZATION);
  await writeFileAtomic(quantizedPath, quantized);
  return { modelPath, quantizedModelPath: quantizedPath, modelBytes: model.byteLength, quantizedModelBytes: quantized.byteLength };
}
