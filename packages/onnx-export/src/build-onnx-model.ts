/**
 * Builds the complete inference graph (encoder + pooling + projection + scorer, or the
 * cross-encoder classifier) of a model from its config and named weights, and serializes it.
 */
import { createRequire } from 'node:module';
import { encoderFamily, modelConfigToJson, type ModelConfig } from '@gliznet/common';
import { buildCrossEncoderHead } from './cross-encoder-graph.js';
import { buildEncoder } from './encoder-graph.js';
import { buildGliznetHead, PADDED_LABEL_LOGIT } from './gliznet-head-graph.js';
import { labelAttentionBias, labelPositionIds } from './label-segments-graph.js';
import { GraphBuilder } from './graph-builder.js';
import { encoderDimensions } from './required-tensors.js';
import { ModelWeights } from './model-weights.js';
import { encodeModel, OnnxDataType } from './onnx-proto.js';
import { DEFAULT_QUANTIZATION, type QuantizationOptions } from './quantize.js';

const packageVersion = (createRequire(import.meta.url)('../package.json') as { version: string }).version;

/** Graph input names in the order the model declares them. */
export type ModelInputName = 'input_ids' | 'attention_mask' | 'lmask' | 'token_type_ids';

/**
 * The inputs the exported graph declares for this config: `input_ids`, `attention_mask`, then
 * `lmask` (gliznet only), then `token_type_ids` when the encoder family reads token types (bert), or a gliznet model pools
 * its text with `mean` or restricts `label_attention` (both need to know the text side = segment 0).
 */
export function modelInputNames(config: ModelConfig): ModelInputName[] {
  const names: ModelInputName[] = ['input_ids', 'attention_mask'];
  const isGliznet = config.gliznet.architecture === 'gliznet';
  if (isGliznet) names.push('lmask');
  const needsSegments = isGliznet && (config.gliznet.textPooling === 'mean' || config.gliznet.labelAttention !== 'all' || config.gliznet.labelPositions !== 'sequential');
  if (encoderFamily(config.gliznet.encoder).needsTokenTypeIds || needsSegments) names.push('token_type_ids');
  return names;
}

const inputDocs: Record<ModelInputName, string> = {
  input_ids: 'token ids, padded to the longest sequence of the batch',
  attention_mask: '1 for real tokens, 0 for padding',
  lmask: '0 for [CLS], text, separators and padding; i (1-based) for every token of label i',
  token_type_ids: 'segment ids: 0 for [CLS] text [SEP], 1 for the label part',
};

export interface BuildOnnxModelOptions {
  /** int8 weights with per-token run-time activation quantization; null or omitted for fp32. */
  quantization?: QuantizationOptions | null;
  /** File named in errors about the weights. Default `model.safetensors`. */
  weightsPath?: string;
}

/**
 * Serialized `.onnx` bytes for the model. Throws ConfigurationError when config.json lacks encoder
 * sizes, ModelLoadError (naming `weightsPath`) listing every missing, unexpected or misshapen tensor.
 */
export function buildOnnxModel(config: ModelConfig, tensors: Map<string, { shape: number[]; data: Float32Array | Int32Array }>, options: BuildOnnxModelOptions = {}): Uint8Array {
  const dimensions = encoderDimensions(config);
  const weights = ModelWeights.check(config, dimensions, tensors, options.weightsPath ?? 'model.safetensors');
  const quantization = options.quantization ?? null;
  const builder = new GraphBuilder({ quantization });
  const names = modelInputNames(config);
  const declared = new Map<ModelInputName, string>();
  for (const name of names) declared.set(name, builder.addInput(name, OnnxDataType.int64, ['batch', 'sequence'], `int64 [batch, sequence]: ${inputDocs[name]}`));
  const inputIds = declared.get('input_ids')!;
  const attentionMask = declared.get('attention_mask')!;
  const tokenTypeIds = declared.get('token_type_ids') ?? null;
  const labelAttention = config.gliznet.labelAttention;
  const maskBias = config.gliznet.architecture === 'gliznet' && labelAttention !== 'all' ? labelAttentionBias(builder, { attentionMask, lmask: declared.get('lmask')!, tokenTypeIds: tokenTypeIds! }, labelAttention) : undefined;
  const labelPositions = config.gliznet.labelPositions;
  const positionIds = config.gliznet.architecture === 'gliznet' && labelPositions !== 'sequential' ? labelPositionIds(builder, { attentionMask, lmask: declared.get('lmask')!, tokenTypeIds: tokenTypeIds! }, labelPositions) : undefined;
  const encoder = buildEncoder(builder, { inputIds, attentionMask, tokenTypeIds: encoderFamily(dimensions.family).needsTokenTypeIds ? tokenTypeIds : null, ...(maskBias ? { maskBias } : {}), ...(positionIds ? { positionIds } : {}) }, dimensions, weights);
  if (config.gliznet.architecture === 'gliznet') {
    const head = buildGliznetHead(builder, encoder, { attentionMask, lmask: declared.get('lmask')!, tokenTypeIds }, config, weights);
    builder.addOutput(head.logits, 'logits', OnnxDataType.float, ['batch', 'labels'], `float32 [batch, labels], labels = max(lmask) over the batch; padded label slots hold exactly ${PADDED_LABEL_LOGIT}`);
    builder.addOutput(head.labelMask, 'label_mask', OnnxDataType.int64, ['batch', 'labels'], 'int64 [batch, labels]: 1 where the row has that label, 0 for a padded slot');
  } else {
    const logits = buildCrossEncoderHead(builder, encoder, { attentionMask }, config, weights);
    builder.addOutput(logits, 'logits', OnnxDataType.float, ['batch', 1], 'float32 [batch, 1]: one logit per (text, label) pair');
  }
  const precision = quantization === null ? 'fp32' : `int8 weights (${quantization.weightBits}-bit range, per column), per-token uint8 activations`;
  const docString = `gliznet ${config.gliznet.architecture} model, ${dimensions.family} encoder, ${precision}. See docs/model-format.md.`;
  const model = builder.toModel({
    graphName: `gliznet_${config.gliznet.architecture.replace('-', '_')}`,
    docString,
    producerVersion: packageVersion,
    metadata: {
      'gliznet.config': JSON.stringify(modelConfigToJson(config)),
      'gliznet.padded_label_logit': String(PADDED_LABEL_LOGIT),
      'gliznet.precision': quantization === null ? 'fp32' : 'int8',
    },
  });
  return encodeModel(model);
}

export { DEFAULT_QUANTIZATION };
