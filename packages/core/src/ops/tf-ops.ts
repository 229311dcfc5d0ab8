/**
 * `Ops<tf.Tensor>`: the operations @gliznet/common's encoder families and scorers are written
 * against, on tfjs, over a model's ParameterStore. Products, embeddings, layer norms, attention and
 * GELU go through this folder's custom-gradient kernels (explicit transposes, no transposeA/B
 * MatMul, no Gather gradient), so training runs at the same speed on wasm.
 */
import type { AttentionOptions, AttentionResult, DenseOptions, HiddenActivation, Ops } from '@gliznet/common';
import * as tf from '../tf.js';
import type { ParameterStore } from '../parameters.js';
import { activation } from './activations.js';
import { attentionBias, multiHeadAttention } from './attention.js';
import { dense } from './dense.js';
import { dropout, type DropoutOptions } from './dropout.js';
import { embeddingLookup } from './embedding-lookup.js';
import { layerNorm } from './layer-norm.js';

/** `x / sqrt(max(sum x^2, eps^2))` over the last axis (a zero vector keeps a finite gradient). [..., d] -> [..., d]. */
export function l2Normalize(x: tf.Tensor, epsilon: number): tf.Tensor {
  const squaredNorm = tf.sum(tf.square(x), -1, true); // [..., 1]
  return tf.div(x, tf.sqrt(tf.maximum(squaredNorm, epsilon * epsilon)));
}

export class TfOps implements Ops<tf.Tensor> {
  constructor(
    private readonly parameters: ParameterStore,
    /** Training flag and dropout seeds (dropout is the identity when not training). */
    private readonly drop: DropoutOptions = { training: false },
  ) {}

  scope<R>(_name: string, build: () => R): R {
    return build();
  }

  vector(name: string): tf.Tensor {
    const variable = this.parameters.get(name);
    return variable.rank === 1 ? variable : tf.reshape(variable, [-1]);
  }

  /** The store holds `out-in` dense weights already transposed to `[in, out]`, `in-out` ones as stored. */
  dense(x: tf.Tensor, prefix: string, options: DenseOptions = {}): tf.Tensor {
    const weight = this.parameters.get(`${prefix}.weight`);
    return options.bias === false ? dense(x, weight) : dense(x, weight, this.parameters.get(`${prefix}.bias`));
  }

  layerNorm(x: tf.Tensor, prefix: string, epsilon: number): tf.Tensor {
    return layerNorm(x, this.parameters.get(`${prefix}.weight`), this.parameters.get(`${prefix}.bias`), { epsilon });
  }

  embedding(name: string, ids: tf.Tensor): tf.Tensor {
    return embeddingLookup(this.parameters.get(name), ids);
  }

  leadingRows(name: string, like: tf.Tensor): tf.Tensor {
    const table = this.parameters.get(name);
    return tf.slice(table, [0, 0], [like.shape[1]!, table.shape[1]!]);
  }

  add(a: tf.Tensor, b: tf.Tensor): tf.Tensor {
    return tf.add(a, b);
  }

  mul(a: tf.Tensor, b: tf.Tensor): tf.Tensor {
    return tf.mul(a, b);
  }

  scale(x: tf.Tensor, factor: number): tf.Tensor {
    return tf.mul(x, factor);
  }

  sin(x: tf.Tensor): tf.Tensor {
    return tf.sin(x);
  }

  cos(x: tf.Tensor): tf.Tensor {
    return tf.cos(x);
  }

  tanh(x: tf.Tensor): tf.Tensor {
    return tf.tanh(x);
  }

  activation(name: HiddenActivation, x: tf.Tensor): tf.Tensor {
    return activation(name)(x);
  }

  toFloat(x: tf.Tensor): tf.Tensor {
    return x.dtype === 'float32' ? x : tf.cast(x, 'float32');
  }

  unsqueeze(x: tf.Tensor, axes: number[]): tf.Tensor {
    return [...axes].sort((a, b) => a - b).reduce((tensor, axis) => tf.expandDims(tensor, axis), x);
  }

  concat(xs: tf.Tensor[], axis: number): tf.Tensor {
    return tf.concat(xs, axis);
  }

  split(x: tf.Tensor, parts: number): tf.Tensor[] {
    return tf.split(x, parts, x.rank - 1);
  }

  /** A slice and a reshape (tf.gather has no gradient on wasm). */
  select(x: tf.Tensor, axis: number, index: number): tf.Tensor {
    const begin = x.shape.map((_, dimension) => (dimension === axis ? index : 0));
    const size = x.shape.map((extent, dimension) => (dimension === axis ? 1 : extent));
    return tf.reshape(tf.slice(x, begin, size), x.shape.filter((_, dimension) => dimension !== axis));
  }

  sliceFrom(x: tf.Tensor, axis: number, start: number): tf.Tensor {
    const begin = x.shape.map((_, dimension) => (dimension === axis ? start : 0));
    return tf.slice(x, begin, x.shape.map(() => -1));
  }

  sequencePositions(like: tf.Tensor): tf.Tensor {
    return tf.range(0, like.shape[1]!, 1, 'int32');
  }

  dropout(x: tf.Tensor, rate: number): tf.Tensor {
    return dropout(x, rate, this.drop);
  }

  attentionMaskBias(attentionMask: tf.Tensor): tf.Tensor {
    return attentionBias(this.toFloat(attentionMask));
  }

  attention(query: tf.Tensor, key: tf.Tensor, value: tf.Tensor, bias: tf.Tensor, options: AttentionOptions): AttentionResult<tf.Tensor> {
    return multiHeadAttention(query, key, value, bias, { numHeads: options.numHeads, dropout: options.dropout ?? 0, ...this.drop });
  }

  rowDots(labels: tf.Tensor, query: tf.Tensor): tf.Tensor {
    const [batchSize, width] = query.shape as [number, number];
    return tf.sum(tf.mul(labels, tf.reshape(query, [batchSize, 1, width])), 2);
  }

  l2Normalize(x: tf.Tensor, epsilon: number): tf.Tensor {
    return l2Normalize(x, epsilon);
  }
}
