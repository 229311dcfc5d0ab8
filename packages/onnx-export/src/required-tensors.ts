/**
 * The tensors (name and safetensors shape) a config needs in model.safetensors: the encoder
 * family's table and the head's (projection, scorer, classifier) from @gliznet/common. The
 * encoder's dimensions are read by the family (`encoderDimensions`).
 */
import { encoderFamily, headTensors, type EncoderDimensions, type ModelConfig } from '@gliznet/common';

export { encoderDimensions, type EncoderDimensions, type UseLiteDimensions, type BertDimensions, type HiddenActivation } from '@gliznet/common';

/**
 * Every tensor the inference graph reads, with its safetensors shape (dense weights `[out, in]`), in
 * file order: the encoder's (with its sentence head under `sentence_head: true`), then the head's.
 * Tensors that may be present but are not read (MLM heads, poolers unless `sentence_head`) are not
 * listed; see `isIgnoredTensorName` and `unusedTensorShapes`.
 */
export function requiredTensorShapes(config: ModelConfig, dimensions: EncoderDimensions): Map<string, number[]> {
  const encoder = encoderFamily(dimensions.family).tensors(dimensions, { sentenceHead: config.gliznet.sentenceHead });
  return new Map([...encoder.filter((spec) => spec.unused !== true), ...headTensors(config.gliznet, dimensions.hiddenSize)].map((spec) => [spec.name, spec.shape]));
}

/** Tensors the family keeps in a model directory although the graph does not read them (USE-Lite's pooler without `sentence_head`). */
export function unusedTensorShapes(config: ModelConfig, dimensions: EncoderDimensions): Map<string, number[]> {
  const encoder = encoderFamily(dimensions.family).tensors(dimensions, { sentenceHead: config.gliznet.sentenceHead });
  return new Map(encoder.filter((spec) => spec.unused === true).map((spec) => [spec.name, spec.shape]));
}

/** Name prefix of the family's sentence head: `use_lite.pooler` or `bert.pooler.dense` (`.weight` [hidden, hidden], `.bias`). */
export function sentenceHeadPrefix(family: EncoderDimensions['family']): string {
  return encoderFamily(family).sentenceHeadPrefix;
}
