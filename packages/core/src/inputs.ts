/** Model inputs: the tokenizer's batch (flat arrays) or ready tensors, checked and made dense. */
import { InvalidArgumentError } from '@gliznet/common';
import * as tf from './tf.js';

type IdArray = ArrayLike<number> | readonly (readonly number[])[] | tf.Tensor;

/** One padded batch, as `@gliznet/tokenizer`'s `encodeBatch` returns it. */
export interface ModelInputs {
  /** [batchSize, sequenceLength] token ids: flat array, nested rows or an int32 tensor. */
  inputIds: IdArray;
  /** [batchSize, sequenceLength] 1 for tokens, 0 for padding. */
  attentionMask: IdArray;
  /** [batchSize, sequenceLength] 0 for `[CLS] text [SEP]`, 1 for the label part; zeros when absent. */
  tokenTypeIds?: IdArray;
  /** [batchSize, sequenceLength] label id (1-based) of each token, 0 elsewhere. Required by `gliznet` models. */
  lmask?: IdArray;
  batchSize: number;
  sequenceLength: number;
}

/** Dense tensors for the encoder plus the JS-side lmask. Dispose the tensors (or run in tf.tidy). */
export interface PreparedInputs {
  inputIds: tf.Tensor; // int32 [B, T]
  attentionMask: tf.Tensor; // float32 [B, T]
  tokenTypeIds: tf.Tensor; // int32 [B, T]
  lmask: Int32Array | undefined; // [B * T]
  batchSize: number;
  sequenceLength: number;
}

function flatten(name: string, value: IdArray, expected: number): ArrayLike<number> {
  let flat: ArrayLike<number>;
  if (value instanceof tf.Tensor) flat = value.dataSync();
  else if (value.length > 0 && Array.isArray(value[0])) flat = (value as readonly (readonly number[])[]).flat();
  else flat = value as ArrayLike<number>;
  if (flat.length !== expected) {
    throw new InvalidArgumentError(`inputs.${name}`, `inputs.${name} holds ${flat.length} values but batchSize x sequenceLength is ${expected}; pass the tokenizer's batch unchanged`);
  }
  return flat;
}

function toTensor(name: string, value: IdArray, shape: [number, number], dtype: 'int32' | 'float32'): tf.Tensor {
  if (value instanceof tf.Tensor) {
    if (value.size !== shape[0] * shape[1]) {
      throw new InvalidArgumentError(`inputs.${name}`, `inputs.${name} has shape [${value.shape.join(', ')}], expected [${shape.join(', ')}]`);
    }
    return tf.cast(tf.reshape(value, shape), dtype);
  }
  return tf.tensor2d(flatten(name, value, shape[0] * shape[1]) as number[], shape, dtype);
}

/** Checks shapes and id ranges and builds the tensors. `vocabSize` bounds `inputIds`. */
export function prepareInputs(inputs: ModelInputs, options: { vocabSize: number; typeVocabSize: number }): PreparedInputs {
  const { batchSize, sequenceLength } = inputs;
  for (const [name, value] of [['batchSize', batchSize], ['sequenceLength', sequenceLength]] as const) {
    if (!Number.isInteger(value) || value <= 0) throw new InvalidArgumentError(`inputs.${name}`, `inputs.${name} must be a positive integer, got ${value}`);
  }
  const shape: [number, number] = [batchSize, sequenceLength];
  const checkRange = (name: string, value: IdArray, limit: number): void => {
    if (value instanceof tf.Tensor) return;
    const flat = flatten(name, value, batchSize * sequenceLength);
    for (let i = 0; i < flat.length; i++) {
      const id = flat[i]!;
      if (!Number.isInteger(id) || id < 0 || id >= limit) {
        throw new InvalidArgumentError(`inputs.${name}`, `inputs.${name}[${i}] is ${id}, outside 0..${limit - 1}; was the batch encoded with this model's tokenizer?`);
      }
    }
  };
  checkRange('inputIds', inputs.inputIds, options.vocabSize);
  if (inputs.tokenTypeIds !== undefined) checkRange('tokenTypeIds', inputs.tokenTypeIds, options.typeVocabSize);
  const lmask = inputs.lmask === undefined ? undefined : Int32Array.from(flatten('lmask', inputs.lmask, batchSize * sequenceLength));
  return tf.tidy(() => ({
    inputIds: toTensor('inputIds', inputs.inputIds, shape, 'int32'),
    attentionMask: toTensor('attentionMask', inputs.attentionMask, shape, 'float32'),
    tokenTypeIds: inputs.tokenTypeIds === undefined ? tf.zeros(shape, 'int32') : toTensor('tokenTypeIds', inputs.tokenTypeIds, shape, 'int32'),
    lmask,
    batchSize,
    sequenceLength,
  }));
}
