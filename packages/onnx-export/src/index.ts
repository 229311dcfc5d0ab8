// @gliznet/onnx-export: public API. See README.md.
export { exportOnnx, type ExportOnnxOptions, type ExportOnnxResult } from './export-onnx.js';
export { buildOnnxModel, modelInputNames, type BuildOnnxModelOptions, type ModelInputName } from './build-onnx-model.js';
export { PADDED_LABEL_LOGIT, POOLING_EPSILON } from './gliznet-head-graph.js';
export { MASKED_KEY_LOGIT } from './attention-graph.js';
export { ONNX_IR_VERSION, ONNX_OPSET_VERSION } from './graph-builder.js';
export { DEFAULT_QUANTIZATION, quantizePerColumn, quantizePerRow, type QuantizationOptions, type QuantizedMatrix } from './quantize.js';
export { encoderDimensions, requiredTensorShapes, type EncoderDimensions, type UseLiteDimensions, type BertDimensions } from './required-tensors.js';
export { decodeModel, type ModelMessage } from './onnx-proto.js';
export { buildSentenceEncoderOnnx, exportSentenceEncoderOnnx } from './sentence-encoder-graph.js';
// Tiny random models for tests: @gliznet/onnx-export/testing.
