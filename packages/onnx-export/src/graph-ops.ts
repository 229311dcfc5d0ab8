/**
 * `Ops<string>`: the operations @gliznet/common's encoder families and scorers are written against,
 * emitted as ONNX nodes into a GraphBuilder (tensors are tensor names), with the weights of a
 * checked ModelWeights as initializers. Dense weights are stored `[out, in]` and transposed once to
 * the MatMul layout; with quantization on, quantizable products and embeddings become int8.
 */
import type { AttentionOptions, AttentionResult, DenseOptions, HiddenActivation, Ops } from '@gliznet/common';
import { attentionMaskBias, multiHeadAttention } from './attention-graph.js';
import { attribute, type DenseWeight, type GraphBuilder } from './graph-builder.js';
import type { ModelWeights } from './model-weights.js';
import { OnnxDataType } from './onnx-proto.js';
import { emitQuantizedGather } from './quantize.js';

export class GraphOps implements Ops<string> {
  constructor(
    private readonly builder: GraphBuilder,
    private readonly weights: ModelWeights,
  ) {}

  scope<R>(name: string, build: () => R): R {
    return this.builder.scope(name, build);
  }

  vector(name: string): string {
    const { data } = this.weights.get(name);
    return this.builder.initializerOnce(name, OnnxDataType.float, [data.length], data);
  }

  dense(x: string, prefix: string, options: DenseOptions = {}): string {
    let weight: DenseWeight;
    if (options.layout === 'in-out') {
      const { shape, data } = this.weights.get(`${prefix}.weight`);
      weight = { name: `${prefix}.weight`, inFeatures: shape[0]!, outFeatures: shape[1]!, data };
    } else {
      weight = this.weights.denseWeight(prefix);
    }
    const bias = options.bias === false ? null : this.weights.denseBias(prefix);
    return this.builder.dense(x, weight, bias, options);
  }

  layerNorm(x: string, prefix: string, epsilon: number): string {
    return this.builder.layerNorm(x, this.weights.vector(`${prefix}.weight`), this.weights.vector(`${prefix}.bias`), epsilon);
  }

  /** Gather from the table (int8 rows with quantization on and `quantizable`). */
  embedding(name: string, ids: string, options: { quantizable?: boolean } = {}): string {
    const table = this.weights.get(name);
    if (options.quantizable === true && this.builder.quantization !== null) {
      return emitQuantizedGather(this.builder, ids, { name, rows: table.shape[0]!, columns: table.shape[1]!, data: table.data });
    }
    return this.builder.addNode('Gather', [this.builder.addInitializer(name, OnnxDataType.float, table.shape, table.data), ids], { axis: attribute.int(0) });
  }

  leadingRows(name: string, like: string): string {
    return this.embedding(name, this.builder.sequencePositions(like));
  }

  add(a: string, b: string): string {
    return this.builder.addNode('Add', [a, b]);
  }

  mul(a: string, b: string): string {
    return this.builder.addNode('Mul', [a, b]);
  }

  scale(x: string, factor: number): string {
    return this.builder.addNode('Mul', [x, this.builder.constantFloat(factor)]);
  }

  sin(x: string): string {
    return this.builder.addNode('Sin', [x]);
  }

  cos(x: string): string {
    return this.builder.addNode('Cos', [x]);
  }

  tanh(x: string): string {
    return this.builder.addNode('Tanh', [x]);
  }

  activation(name: HiddenActivation, x: string): string {
    return this.builder.activation(name, x);
  }

  toFloat(x: string): string {
    return this.builder.toFloat(x);
  }

  unsqueeze(x: string, axes: number[]): string {
    return this.builder.unsqueeze(x, axes);
  }

  concat(xs: string[], axis: number): string {
    return this.builder.addNode('Concat', xs, { axis: attribute.int(axis) });
  }

  split(x: string, parts: number): string[] {
    return this.builder.addNodeOutputs('Split', [x], { axis: attribute.int(-1) }, { outputCount: parts });
  }

  select(x: string, axis: number, index: number): string {
    return this.builder.addNode('Gather', [x, this.builder.constantInt64(index)], { axis: attribute.int(axis) });
  }

  /** Slice [start, end) on `axis` (an end past the size is clamped to it). */
  sliceFrom(x: string, axis: number, start: number): string {
    return this.builder.addNode('Slice', [x, this.builder.constantInt64([start]), this.builder.constantInt64([Number.MAX_SAFE_INTEGER]), this.builder.constantInt64([axis])]);
  }

  sequencePositions(like: string): string {
    return this.builder.sequencePositions(like);
  }

  /** Inference graph: no dropout. */
  dropout(x: string): string {
    return x;
  }

  attentionMaskBias(attentionMask: string): string {
    return attentionMaskBias(this.builder, attentionMask);
  }

  attention(query: string, key: string, value: string, maskBias: string, options: AttentionOptions): AttentionResult<string> {
    return multiHeadAttention(this.builder, { query, key, value, maskBias }, { numHeads: options.numHeads, width: options.width });
  }

  /**
   * labels [batch, numLabels, d] . query [batch, d] -> [batch, numLabels], as Mul + ReduceSum over d
   * rather than a MatMul with one column: onnxruntime's one-column MatMul rounds differently with the
   * number of rows (numLabels, the batch's largest label count), so a row's logits changed in the last
   * bit with its neighbours' label counts. Each dot product here sums its own d products only.
   */
  rowDots(labels: string, query: string): string {
    const builder = this.builder;
    const queryRow = builder.unsqueeze(query, [1]); // [batch, 1, d]
    const products = builder.addNode('Mul', [labels, queryRow]); // [batch, numLabels, d]
    // One extra all-zero slot, dropped after the sum: onnxruntime 1.30's ReduceSum returns an empty
    // input unreduced ([batch, 0, d] for a batch without labels), so the sum never sees numLabels 0.
    const padded = builder.addNode('Concat', [products, builder.addNode('Mul', [queryRow, builder.constantFloat(0)])], { axis: attribute.int(1) }); // [batch, numLabels + 1, d]
    const sums = builder.reduceSum(padded, [-1], { keepDims: false }); // [batch, numLabels + 1]
    return builder.addNode('Slice', [sums, builder.constantInt64([0]), builder.constantInt64([-1]), builder.constantInt64([1])]); // [batch, numLabels]
  }

  /** x / sqrt(max(sum x^2, eps^2)) = x / max(|x|, eps). */
  l2Normalize(x: string, epsilon: number): string {
    const builder = this.builder;
    const squaredNorm = builder.reduceSum(builder.addNode('Mul', [x, x]), [-1], { keepDims: true }); // [..., 1]
    return builder.addNode('Div', [x, builder.addNode('Sqrt', [builder.addNode('Max', [squaredNorm, builder.constantFloat(epsilon * epsilon)])])]);
  }
}
