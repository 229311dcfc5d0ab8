/**
 * A small typed builder for ONNX graphs (default domain, opset 17): named initializers, nodes with
 * typed attributes, and the few composite layers the gliznet graphs need (dense, layer norm,
 * GELU). Tensor names are scoped (`encoder/layer.0/attention/MatMul_3`) so a graph viewer shows
 * the model's structure.
 */
import {
  OnnxAttributeType,
  OnnxDataType,
  type AttributeMessage,
  type DimensionMessage,
  type ModelMessage,
  type NodeMessage,
  type TensorMessage,
  type ValueInfoMessage,
} from './onnx-proto.js';
import { emitQuantizedMatMul, type QuantizationOptions } from './quantize.js';
import type { HiddenActivation } from '@gliznet/common';

/** The ONNX IR version matching opset 17 (ONNX 1.12). */
export const ONNX_IR_VERSION = 8;
/** The default-domain opset every gliznet graph imports. */
export const ONNX_OPSET_VERSION = 17;

export type AttributeValue =
  | { int: number }
  | { float: number }
  | { ints: number[] }
  | { floats: number[] }
  | { string: string }
  | { tensor: TensorMessage };

/** Attribute helpers: `{ axis: attribute.int(-1) }`. */
export const attribute = {
  int: (value: number): AttributeValue => ({ int: value }),
  float: (value: number): AttributeValue => ({ float: value }),
  ints: (values: number[]): AttributeValue => ({ ints: values }),
  floats: (values: number[]): AttributeValue => ({ floats: values }),
  string: (value: string): AttributeValue => ({ string: value }),
  tensor: (value: TensorMessage): AttributeValue => ({ tensor: value }),
};

/** A dense layer's weight, already transposed to the MatMul layout `[in, out]`. */
export interface DenseWeight {
  /** Name the initializer gets (the safetensors name is a good choice). */
  name: string;
  inFeatures: number;
  outFeatures: number;
  /** Row-major `[in, out]`. */
  data: Float32Array;
}

function toAttribute(name: string, value: AttributeValue): AttributeMessage {
  if ('int' in value) return { name, type: OnnxAttributeType.int, i: value.int };
  if ('float' in value) return { name, type: OnnxAttributeType.float, f: value.float };
  if ('ints' in value) return { name, type: OnnxAttributeType.ints, ints: value.ints };
  if ('floats' in value) return { name, type: OnnxAttributeType.floats, floats: value.floats };
  if ('string' in value) return { name, type: OnnxAttributeType.string, s: new TextEncoder().encode(value.string) };
  return { name, type: OnnxAttributeType.tensor, t: value.tensor };
}

function littleEndianBytes(data: Float32Array | Int8Array | Uint8Array | Int32Array | BigInt64Array): Uint8Array {
  // Typed arrays use the platform's byte order; every platform Node supports for onnxruntime is
  // little-endian. A view, not a copy: initializer data must not change before the model is encoded.
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}

function dimensions(shape: readonly (number | string)[]): DimensionMessage[] {
  return shape.map((size) => (typeof size === 'number' ? { dimValue: size } : { dimParam: size }));
}

export interface GraphBuilderOptions {
  /** Quantize the weights of dense layers marked quantizable (int8, per-token activations). Default: null (fp32). */
  quantization?: QuantizationOptions | null;
}

export class GraphBuilder {
  private readonly nodes: NodeMessage[] = [];
  private readonly initializers: TensorMessage[] = [];
  private readonly inputs: ValueInfoMessage[] = [];
  private readonly outputs: ValueInfoMessage[] = [];
  private readonly usedNames = new Set<string>();
  private readonly constants = new Map<string, string>();
  private readonly initializerNames = new Set<string>();
  private readonly scopes: string[] = [];
  private nodeCounter = 0;
  /** Quantization applied by `dense(..., { quantizable: true })`; null for an fp32 graph. */
  readonly quantization: QuantizationOptions | null;

  constructor(options: GraphBuilderOptions = {}) {
    this.quantization = options.quantization ?? null;
  }

  /** Runs `build` with `name` appended to the scope prefix of every node and tensor it creates. */
  scope<T>(name: string, build: () => T): T {
    this.scopes.push(name);
    try {
      return build();
    } finally {
      this.scopes.pop();
    }
  }

  /** A fresh tensor name under the current scope. */
  uniqueName(base: string): string {
    const prefix = this.scopes.length > 0 ? `${this.scopes.join('/')}/` : '';
    let candidate = `${prefix}${base}`;
    let suffix = 1;
    while (this.usedNames.has(candidate)) candidate = `${prefix}${base}_${suffix++}`;
    this.usedNames.add(candidate);
    return candidate;
  }

  addInput(name: string, dataType: OnnxDataType, shape: readonly (number | string)[], docString: string): string {
    this.usedNames.add(name);
    this.inputs.push({ name, type: { tensorType: { elemType: dataType, shape: { dim: dimensions(shape) } } }, docString });
    return name;
  }

  /** Declares `tensor` as a graph output named `name` (through an Identity when the names differ). */
  addOutput(tensor: string, name: string, dataType: OnnxDataType, shape: readonly (number | string)[], docString: string): void {
    if (tensor !== name) {
      this.usedNames.add(name);
      this.nodes.push({ input: [tensor], output: [name], name: `${name}/Identity`, opType: 'Identity', attribute: [] });
    }
    this.outputs.push({ name, type: { tensorType: { elemType: dataType, shape: { dim: dimensions(shape) } } }, docString });
  }

  /** Adds a constant tensor under exactly `name` (which must be unused) and returns the name. */
  addInitializer(name: string, dataType: OnnxDataType, dims: readonly number[], data: Float32Array | Int8Array | Uint8Array | Int32Array | BigInt64Array): string {
    if (this.usedNames.has(name)) throw new Error(`internal error: tensor name ${name} used twice`);
    const count = dims.reduce((product, size) => product * size, 1);
    if (count !== data.length) throw new Error(`internal error: initializer ${name} has ${data.length} values for shape [${dims.join(', ')}]`);
    this.usedNames.add(name);
    this.initializers.push({ name, dims: [...dims], dataType, rawData: littleEndianBytes(data) });
    return name;
  }

  /** `addInitializer`, or the existing initializer when `name` was added before (shared weights). */
  initializerOnce(name: string, dataType: OnnxDataType, dims: readonly number[], data: Float32Array | Int8Array | Uint8Array | Int32Array | BigInt64Array): string {
    if (this.initializerNames.has(name)) return name;
    this.initializerNames.add(name);
    return this.addInitializer(name, dataType, dims, data);
  }

  /** A float32 constant (scalar when `dims` is [], deduplicated by value). */
  constantFloat(values: number | readonly number[], dims: readonly number[] = []): string {
    const list = typeof values === 'number' ? [values] : [...values];
    const key = `f32:${dims.join('x')}:${list.join(',')}`;
    const existing = this.constants.get(key);
    if (existing !== undefined) return existing;
    const name = this.uniqueNameAtRoot(`const_f32_${this.constants.size}`);
    this.addInitializer(name, OnnxDataType.float, dims, Float32Array.from(list));
    this.constants.set(key, name);
    return name;
  }

  /** An int64 constant (scalar when `dims` is [], deduplicated by value). */
  constantInt64(values: number | readonly number[], dims?: readonly number[]): string {
    const list = typeof values === 'number' ? [values] : [...values];
    const shape = dims ?? (typeof values === 'number' ? [] : [list.length]);
    const key = `i64:${shape.join('x')}:${list.join(',')}`;
    const existing = this.constants.get(key);
    if (existing !== undefined) return existing;
    const name = this.uniqueNameAtRoot(`const_i64_${this.constants.size}`);
    this.addInitializer(name, OnnxDataType.int64, shape, BigInt64Array.from(list.map((value) => BigInt(value))));
    this.constants.set(key, name);
    return name;
  }

  private uniqueNameAtRoot(base: string): string {
    let candidate = base;
    let suffix = 1;
    while (this.usedNames.has(candidate)) candidate = `${base}_${suffix++}`;
    return candidate;
  }

  /** Adds one node and returns its output names (`outputCount` of them, default 1). */
  addNodeOutputs(opType: string, inputs: readonly string[], attributes: Record<string, AttributeValue> = {}, options: { outputCount?: number; docString?: string } = {}): string[] {
    const base = `${opType}_${this.nodeCounter++}`;
    const outputCount = options.outputCount ?? 1;
    const outputs = Array.from({ length: outputCount }, (_, index) => this.uniqueName(outputCount === 1 ? base : `${base}_out${index}`));
    this.nodes.push({
      input: [...inputs],
      output: outputs,
      name: this.uniqueName(`${base}_node`),
      opType,
      attribute: Object.entries(attributes).map(([name, value]) => toAttribute(name, value)),
      ...(options.docString === undefined ? {} : { docString: options.docString }),
    });
    return outputs;
  }

  /** Adds a single-output node and returns its output name. */
  addNode(opType: string, inputs: readonly string[], attributes: Record<string, AttributeValue> = {}, options: { docString?: string } = {}): string {
    return this.addNodeOutputs(opType, inputs, attributes, options)[0]!;
  }

  // ---- composite layers ---------------------------------------------------------------------

  /**
   * y = x W + b for x [..., in] and W [in, out]. With quantization on and `quantizable`, W is stored
   * int8 and the product runs as per-token QuantizeLinear -> MatMulInteger -> Cast -> Mul (quantize.ts).
   *
   * `fewRows`: set it where x can hold a single row (a [batch, d] vector, or [batch, 1, d], with
   * batch 1). onnxruntime runs a one-row fp32 MatMul in a kernel that rounds differently from its
   * many-row kernel, so a text alone would get other last bits than in a batch. With `fewRows` the
   * MatMul always sees at least two rows: the first batch element is appended, then dropped.
   * (The int8 product is exact integer arithmetic and needs no such care.)
   */
  dense(x: string, weight: DenseWeight, bias: { name: string; data: Float32Array } | null, options: { quantizable?: boolean; fewRows?: boolean } = {}): string {
    let product: string;
    if (this.quantization !== null && options.quantizable === true) {
      product = emitQuantizedMatMul(this, x, weight, this.quantization);
    } else {
      const weightName = this.initializerOnce(weight.name, OnnxDataType.float, [weight.inFeatures, weight.outFeatures], weight.data);
      if (options.fewRows === true) {
        const first = this.addNode('Slice', [x, this.constantInt64([0]), this.constantInt64([1]), this.constantInt64([0])]); // [1, ..., in]
        const extended = this.addNode('Concat', [x, first], { axis: attribute.int(0) }); // [batch + 1, ..., in]
        product = this.addNode('Slice', [this.addNode('MatMul', [extended, weightName]), this.constantInt64([0]), this.constantInt64([-1]), this.constantInt64([0])]); // [batch, ..., out]
      } else {
        product = this.addNode('MatMul', [x, weightName]);
      }
    }
    if (bias === null) return product;
    const biasName = this.initializerOnce(bias.name, OnnxDataType.float, [bias.data.length], bias.data);
    return this.addNode('Add', [product, biasName]);
  }

  /** LayerNormalization over the last axis (opset 17). */
  layerNorm(x: string, gamma: { name: string; data: Float32Array }, beta: { name: string; data: Float32Array }, epsilon: number): string {
    const scale = this.initializerOnce(gamma.name, OnnxDataType.float, [gamma.data.length], gamma.data);
    const shift = this.initializerOnce(beta.name, OnnxDataType.float, [beta.data.length], beta.data);
    return this.addNode('LayerNormalization', [x, scale, shift], { axis: attribute.int(-1), epsilon: attribute.float(epsilon) });
  }

  /** The feed-forward activation named by config.json's `hidden_act` (see HiddenActivation). */
  activation(name: HiddenActivation, x: string): string {
    if (name === 'relu') return this.addNode('Relu', [x]);
    return name === 'gelu_new' ? this.geluTanh(x) : this.geluErf(x);
  }

  /** Exact (erf) GELU: 0.5 x (1 + erf(x / sqrt 2)). onnxruntime fuses the pattern into one kernel. */
  geluErf(x: string): string {
    const scaled = this.addNode('Div', [x, this.constantFloat(Math.SQRT2)]);
    const erf = this.addNode('Erf', [scaled]);
    const onePlus = this.addNode('Add', [erf, this.constantFloat(1)]);
    const product = this.addNode('Mul', [x, onePlus]);
    return this.addNode('Mul', [product, this.constantFloat(0.5)]);
  }

  /** Tanh-approximated GELU (`gelu_new`): 0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3))). */
  geluTanh(x: string): string {
    const cube = this.addNode('Mul', [this.addNode('Mul', [x, x]), x]);
    const inner = this.addNode('Add', [x, this.addNode('Mul', [cube, this.constantFloat(0.044715)])]);
    const tanh = this.addNode('Tanh', [this.addNode('Mul', [inner, this.constantFloat(Math.sqrt(2 / Math.PI))])]);
    const onePlus = this.addNode('Add', [tanh, this.constantFloat(1)]);
    return this.addNode('Mul', [this.addNode('Mul', [x, onePlus]), this.constantFloat(0.5)]);
  }

  /** int64 [sequence]: 0, 1, ..., n - 1 for the second dimension n of `x` ([batch, sequence, ...]). */
  sequencePositions(x: string): string {
    const sequenceLength = this.addNode('Gather', [this.addNode('Shape', [x]), this.constantInt64(1)], { axis: attribute.int(0) }); // scalar
    return this.addNode('Range', [this.constantInt64(0), sequenceLength, this.constantInt64(1)]);
  }

  /** Unsqueeze at the given axes (opset 13+: axes as an input). */
  unsqueeze(x: string, axes: number[]): string {
    return this.addNode('Unsqueeze', [x, this.constantInt64(axes)]);
  }

  /** Squeeze the given axes (opset 13+: axes as an input). */
  squeeze(x: string, axes: number[]): string {
    return this.addNode('Squeeze', [x, this.constantInt64(axes)]);
  }

  /** ReduceSum over `axes` (opset 13+: axes as an input). */
  reduceSum(x: string, axes: number[], options: { keepDims: boolean }): string {
    return this.addNode('ReduceSum', [x, this.constantInt64(axes)], { keepdims: attribute.int(options.keepDims ? 1 : 0) });
  }

  /** Cast to float32. */
  toFloat(x: string): string {
    return this.addNode('Cast', [x], { to: attribute.int(OnnxDataType.float) });
  }

  /** The finished ModelProto. */
  toModel(options: { graphName: string; docString: string; producerVersion: string; metadata: Record<string, string> }): ModelMessage {
    return {
      irVersion: ONNX_IR_VERSION,
      opsetImport: [{ domain: '', version: ONNX_OPSET_VERSION }],
      producerName: 'gliznet',
      producerVersion: options.producerVersion,
      docString: options.docString,
      graph: {
        node: this.nodes,
        name: options.graphName,
        initializer: this.initializers,
        docString: options.docString,
        input: this.inputs,
        output: this.outputs,
      },
      metadataProps: Object.entries(options.metadata).map(([key, value]) => ({ key, value })),
    };
  }
}
