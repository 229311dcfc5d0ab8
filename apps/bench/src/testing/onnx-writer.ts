/**
 * Test helper: a minimal ONNX ModelProto writer (protobufjs, field numbers of onnx/onnx.proto) for
 * the small hand-built graphs the bench tests need. Not used at run time.
 */
import protobuf from 'protobufjs';

const FLOAT = 1;
const INT64 = 7;

export interface OnnxNode {
  opType: string;
  inputs: string[];
  outputs: string[];
  /** Integer attributes only (all these graphs need). */
  intAttributes?: Record<string, number>;
}

export interface OnnxTensor {
  name: string;
  dims: number[];
  type: 'float' | 'int64';
  values: readonly number[] | Float32Array;
}

export interface OnnxValue {
  name: string;
  type: 'float' | 'int64';
  /** Fixed sizes or symbolic names. */
  shape: (number | string)[];
}

export interface OnnxGraph {
  name: string;
  nodes: OnnxNode[];
  initializers: OnnxTensor[];
  inputs: OnnxValue[];
  outputs: OnnxValue[];
  opset: number;
}

const schema = {
  nested: {
    onnx: {
      nested: {
        TensorProto: { fields: { dims: { rule: 'repeated', type: 'int64', id: 1 }, dataType: { type: 'int32', id: 2 }, name: { type: 'string', id: 8 }, rawData: { type: 'bytes', id: 9 } } },
        AttributeProto: { fields: { name: { type: 'string', id: 1 }, i: { type: 'int64', id: 3 }, type: { type: 'int32', id: 20 } } },
        NodeProto: {
          fields: {
            input: { rule: 'repeated', type: 'string', id: 1 },
            output: { rule: 'repeated', type: 'string', id: 2 },
            name: { type: 'string', id: 3 },
            opType: { type: 'string', id: 4 },
            attribute: { rule: 'repeated', type: 'AttributeProto', id: 5 },
          },
        },
        Dimension: { fields: { dimValue: { type: 'int64', id: 1 }, dimParam: { type: 'string', id: 2 } } },
        TensorShapeProto: { fields: { dim: { rule: 'repeated', type: 'Dimension', id: 1 } } },
        TensorTypeProto: { fields: { elemType: { type: 'int32', id: 1 }, shape: { type: 'TensorShapeProto', id: 2 } } },
        TypeProto: { fields: { tensorType: { type: 'TensorTypeProto', id: 1 } } },
        ValueInfoProto: { fields: { name: { type: 'string', id: 1 }, type: { type: 'TypeProto', id: 2 } } },
        GraphProto: {
          fields: {
            node: { rule: 'repeated', type: 'NodeProto', id: 1 },
            name: { type: 'string', id: 2 },
            initializer: { rule: 'repeated', type: 'TensorProto', id: 5 },
            input: { rule: 'repeated', type: 'ValueInfoProto', id: 11 },
            output: { rule: 'repeated', type: 'ValueInfoProto', id: 12 },
          },
        },
        OperatorSetIdProto: { fields: { domain: { type: 'string', id: 1 }, version: { type: 'int64', id: 2 } } },
        ModelProto: {
          fields: {
            irVersion: { type: 'int64', id: 1 },
            producerName: { type: 'string', id: 2 },
            graph: { type: 'GraphProto', id: 7 },
            opsetImport: { rule: 'repeated', type: 'OperatorSetIdProto', id: 8 },
          },
        },
      },
    },
  },
};

function tensorBytes(tensor: OnnxTensor): Uint8Array {
  if (tensor.type === 'float') return new Uint8Array(Float32Array.from(tensor.values).buffer);
  return new Uint8Array(BigInt64Array.from(Array.from(tensor.values, (value) => BigInt(value))).buffer);
}

function valueInfo(value: OnnxValue): unknown {
  return {
    name: value.name,
    type: { tensorType: { elemType: value.type === 'float' ? FLOAT : INT64, shape: { dim: value.shape.map((size) => (typeof size === 'number' ? { dimValue: size } : { dimParam: size })) } } },
  };
}

/** Serializes the graph as a `.onnx` file (IR version 8). */
export function encodeOnnxGraph(graph: OnnxGraph): Uint8Array {
  const modelType = protobuf.Root.fromJSON(schema).lookupType('onnx.ModelProto');
  const message = {
    irVersion: 8,
    producerName: 'gliznet-bench-tests',
    opsetImport: [{ domain: '', version: graph.opset }],
    graph: {
      name: graph.name,
      node: graph.nodes.map((node, index) => ({
        input: node.inputs,
        output: node.outputs,
        name: `${node.opType}_${index}`,
        opType: node.opType,
        attribute: Object.entries(node.intAttributes ?? {}).map(([name, value]) => ({ name, i: value, type: 2 })),
      })),
      initializer: graph.initializers.map((tensor) => ({ name: tensor.name, dims: tensor.dims, dataType: tensor.type === 'float' ? FLOAT : INT64, rawData: tensorBytes(tensor) })),
      input: graph.inputs.map(valueInfo),
      output: graph.outputs.map(valueInfo),
    },
  };
  const problem = modelType.verify(message);
  if (problem !== null) throw new Error(`malformed ONNX test graph: ${problem}`);
  return modelType.encode(modelType.fromObject(message)).finish();
}
