/**
 * The subset of the ONNX protobuf schema (onnx/onnx.proto, IR version 8) that gliznet writes,
 * declared through protobufjs' reflection API, and the plain TypeScript shapes of those messages.
 * Field numbers follow onnx.proto exactly; messages and fields gliznet never writes are left out
 * (a protobuf reader ignores nothing it expects, so the file stays a valid ModelProto).
 */
import protobuf from 'protobufjs/light.js';

/** ONNX `TensorProto.DataType` values used here. */
export const OnnxDataType = {
  float: 1,
  uint8: 2,
  int8: 3,
  int32: 6,
  int64: 7,
  bool: 9,
} as const;
export type OnnxDataType = (typeof OnnxDataType)[keyof typeof OnnxDataType];

/** ONNX `AttributeProto.AttributeType` values used here. */
export const OnnxAttributeType = {
  float: 1,
  int: 2,
  string: 3,
  tensor: 4,
  floats: 6,
  ints: 7,
} as const;

export interface TensorMessage {
  name: string;
  dims: number[];
  dataType: OnnxDataType;
  /** Little-endian element bytes. */
  rawData: Uint8Array;
  docString?: string;
}

export interface AttributeMessage {
  name: string;
  type: number;
  f?: number;
  i?: number;
  s?: Uint8Array;
  t?: TensorMessage;
  floats?: number[];
  ints?: number[];
}

export interface NodeMessage {
  input: string[];
  output: string[];
  name: string;
  opType: string;
  domain?: string;
  attribute: AttributeMessage[];
  docString?: string;
}

/** One dimension: a fixed size or a named symbolic size (`batch`, `sequence`, `labels`). */
export type DimensionMessage = { dimValue: number } | { dimParam: string };

export interface ValueInfoMessage {
  name: string;
  type: { tensorType: { elemType: OnnxDataType; shape: { dim: DimensionMessage[] } } };
  docString?: string;
}

export interface GraphMessage {
  node: NodeMessage[];
  name: string;
  initializer: TensorMessage[];
  docString?: string;
  input: ValueInfoMessage[];
  output: ValueInfoMessage[];
}

export interface ModelMessage {
  irVersion: number;
  opsetImport: { domain: string; version: number }[];
  producerName: string;
  producerVersion: string;
  docString?: string;
  graph: GraphMessage;
  metadataProps: { key: string; value: string }[];
}

function buildSchema(): protobuf.Type {
  const { Type, Field, Root } = protobuf;
  const root = new Root();
  const onnx = root.define('onnx');
  onnx.add(
    new Type('TensorProto')
      .add(new Field('dims', 1, 'int64', 'repeated'))
      .add(new Field('dataType', 2, 'int32'))
      .add(new Field('name', 8, 'string'))
      .add(new Field('rawData', 9, 'bytes'))
      .add(new Field('docString', 12, 'string')),
  );
  onnx.add(
    new Type('AttributeProto')
      .add(new Field('name', 1, 'string'))
      .add(new Field('f', 2, 'float'))
      .add(new Field('i', 3, 'int64'))
      .add(new Field('s', 4, 'bytes'))
      .add(new Field('t', 5, 'TensorProto'))
      .add(new Field('floats', 7, 'float', 'repeated'))
      .add(new Field('ints', 8, 'int64', 'repeated'))
      .add(new Field('docString', 13, 'string'))
      .add(new Field('type', 20, 'int32')),
  );
  onnx.add(
    new Type('NodeProto')
      .add(new Field('input', 1, 'string', 'repeated'))
      .add(new Field('output', 2, 'string', 'repeated'))
      .add(new Field('name', 3, 'string'))
      .add(new Field('opType', 4, 'string'))
      .add(new Field('attribute', 5, 'AttributeProto', 'repeated'))
      .add(new Field('docString', 6, 'string'))
      .add(new Field('domain', 7, 'string')),
  );
  onnx.add(
    new Type('Dimension')
      .add(new Field('dimValue', 1, 'int64'))
      .add(new Field('dimParam', 2, 'string')),
  );
  onnx.add(new Type('TensorShapeProto').add(new Field('dim', 1, 'Dimension', 'repeated')));
  onnx.add(
    new Type('TensorTypeProto')
      .add(new Field('elemType', 1, 'int32'))
      .add(new Field('shape', 2, 'TensorShapeProto')),
  );
  onnx.add(new Type('TypeProto').add(new Field('tensorType', 1, 'TensorTypeProto')));
  onnx.add(
    new Type('ValueInfoProto')
      .add(new Field('name', 1, 'string'))
      .add(new Field('type', 2, 'TypeProto'))
      .add(new Field('docString', 3, 'string')),
  );
  onnx.add(
    new Type('GraphProto')
      .add(new Field('node', 1, 'NodeProto', 'repeated'))
      .add(new Field('name', 2, 'string'))
      .add(new Field('initializer', 5, 'TensorProto', 'repeated'))
      .add(new Field('docString', 10, 'string'))
      .add(new Field('input', 11, 'ValueInfoProto', 'repeated'))
      .add(new Field('output', 12, 'ValueInfoProto', 'repeated')),
  );
  onnx.add(
    new Type('OperatorSetIdProto')
      .add(new Field('domain', 1, 'string'))
      .add(new Field('version', 2, 'int64')),
  );
  onnx.add(
    new Type('StringStringEntryProto')
      .add(new Field('key', 1, 'string'))
      .add(new Field('value', 2, 'string')),
  );
  onnx.add(
    new Type('ModelProto')
      .add(new Field('irVersion', 1, 'int64'))
      .add(new Field('producerName', 2, 'string'))
      .add(new Field('producerVersion', 3, 'string'))
      .add(new Field('docString', 6, 'string'))
      .add(new Field('graph', 7, 'GraphProto'))
      .add(new Field('opsetImport', 8, 'OperatorSetIdProto', 'repeated'))
      .add(new Field('metadataProps', 14, 'StringStringEntryProto', 'repeated')),
  );
  root.resolveAll();
  return root.lookupType('onnx.ModelProto');
}

let modelType: protobuf.Type | undefined;

function modelProtoType(): protobuf.Type {
  modelType ??= buildSchema();
  return modelType;
}

/** Serializes a ModelProto to the bytes of a `.onnx` file. */
export function encodeModel(model: ModelMessage): Uint8Array {
  const type = modelProtoType();
  const problem = type.verify(model as unknown as Record<string, unknown>);
  if (problem !== null) throw new Error(`internal error: malformed ONNX model message (${problem})`);
  return type.encode(model as unknown as Record<string, unknown>).finish();
}

/** Parses `.onnx` bytes back into plain objects (used by tests and tooling to inspect graphs). */
export function decodeModel(bytes: Uint8Array): ModelMessage {
  const type = modelProtoType();
  return type.toObject(type.decode(bytes), { longs: Number, defaults: false, arrays: true }) as unknown as ModelMessage;
}
