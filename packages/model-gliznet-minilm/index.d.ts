/**
 * Absolute path of the model directory in this package (config.json, tokenizer.json,
 * onnx/model_quantized.onnx). @gliznet/sdk's ZeroShotClassifier.fromPretrained()
 * finds it without being told; pass it to load it explicitly.
 */
export declare const modelDirectory: string;
