// @gliznet/model-gliznet-minilm: where this package's model directory is. See README.md.
import { fileURLToPath } from 'node:url';

/**
 * Absolute path of the model directory in this package (config.json, tokenizer.json,
 * onnx/model_quantized.onnx). @gliznet/sdk's ZeroShotClassifier.fromPretrained()
 * finds it without being told; pass it to load it explicitly.
 */
export const modelDirectory = fileURLToPath(new URL('./model', import.meta.url));
