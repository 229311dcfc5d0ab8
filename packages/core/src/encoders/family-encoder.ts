/**
 * The trainable tfjs encoder of any family in @gliznet/common's registry: its tensors come from the
 * family's table, its forward pass is the family's `encode` run on `TfOps` (core's custom-gradient
 * kernels), so the tfjs model and the exported ONNX graph share one definition.
 */
import { encoderFamily, InvalidArgumentError, type EncoderDimensions, type EncoderFamily, type EncoderFamilyDefinition, type ModelConfig } from '@gliznet/common';
import type * as tf from '../tf.js';
import type { ParameterSpec, ParameterStore } from '../parameters.js';
import { firstQueryAttention } from '../ops/attention.js';
import type { DropoutOptions } from '../ops/dropout.js';
import { TfOps } from '../ops/tf-ops.js';
import type { Encoder, EncoderInputs, EncoderOutput } from './encoder.js';

export class FamilyEncoder implements Encoder {
  readonly family: EncoderFamily;
  readonly hiddenSize: number;
  /** The sizes read from config.json. */
  readonly dimensions: EncoderDimensions;
  private readonly definition: EncoderFamilyDefinition<EncoderDimensions>;
  private readonly sentenceHead: boolean;

  /** Throws ConfigurationError for an unknown family or unusable config.json keys (every problem listed). */
  constructor(config: ModelConfig) {
    this.definition = encoderFamily(config.gliznet.encoder);
    this.dimensions = this.definition.dimensions(config.huggingFace);
    this.family = this.dimensions.family;
    this.hiddenSize = this.dimensions.hiddenSize;
    this.sentenceHead = config.gliznet.sentenceHead;
  }

  parameterSpecs(): ParameterSpec[] {
    return this.definition.tensors(this.dimensions, { sentenceHead: this.sentenceHead });
  }

  canonicalName(name: string): string {
    return this.definition.canonicalName(name);
  }

  isIgnoredTensor(name: string): boolean {
    return this.definition.isIgnoredTensorName(name);
  }

  get sentenceHeadPrefix(): string {
    return this.definition.sentenceHeadPrefix;
  }

  encode(parameters: ParameterStore, inputs: EncoderInputs, options: DropoutOptions = { training: false }): EncoderOutput {
    const sequenceLength = inputs.inputIds.shape[1]!;
    if ('maxPositions' in this.dimensions && sequenceLength > this.dimensions.maxPositions) {
      throw new InvalidArgumentError('inputs.sequenceLength', `sequence of ${sequenceLength} tokens exceeds this ${this.family} encoder's max_position_embeddings ${this.dimensions.maxPositions}; encode with maxLength <= ${this.dimensions.maxPositions}`);
    }
    const encoded = this.definition.encode<tf.Tensor>(
      new TfOps(parameters, options),
      {
        inputIds: inputs.inputIds,
        attentionMask: inputs.attentionMask,
        tokenTypeIds: inputs.tokenTypeIds,
        ...(inputs.attentionBias ? { maskBias: inputs.attentionBias } : {}),
        ...(inputs.positionIds ? { positionIds: inputs.positionIds } : {}),
      },
      this.dimensions,
    );
    return { hiddenStates: encoded.hiddenStates, clsAttention: firstQueryAttention(encoded.lastAttentionProbabilities) };
  }
}
