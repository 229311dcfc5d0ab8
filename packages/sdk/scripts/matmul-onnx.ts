/**
 * A one-MatMul ONNX model (`Y = A @ B`, B a constant initializer) written with a minimal protobuf
 * encoder, for measuring onnxruntime's plain MatMul throughput (the machine's roofline) in the
 * inference benchmark. Only the fields this model needs are encoded.
 */

function varint(value: number | bigint): number[] {
  let remaining = BigInt(value);
  const bytes: number[] = [];
  do {
    let byte = Number(remaining & 0x7fn);
    remaining >>= 7n;
    if (remaining > 0n) byte |= 0x80;
    bytes.push(byte);
  } while (remaining > 0n);
  return bytes;
}

/** Field with a varint value (wire type 0). */
function varintField(field: number, value: number | bigint): number[] {
  return [...varint((field << 3) | 0), ...varint(value)];
}

/** Field with a length-delimited value (wire type 2): bytes, strings, sub-messages. */
function bytesField(field: number, payload: Uint8Array | number[]): number[] {
  return [...varint((field << 3) | 2), ...varint(payload.length), ...payload];
}

function stringField(field: number, text: string): number[] {
  return bytesField(field, [...new TextEncoder().encode(text)]);
}

const FLOAT = 1;

function valueInfo(name: string, shape: readonly (number | string)[]): number[] {
  const dims = shape.flatMap((dim) => bytesField(1, typeof dim === 'number' ? varintField(1, dim) : stringField(2, dim)));
  const tensorType = [...varintField(1, FLOAT), ...bytesField(2, dims)];
  return [...stringField(1, name), ...bytesField(2, bytesField(1, tensorType))];
}

/** ONNX bytes of `Y [rows, n] = A [rows, k] @ B [k, n]` with `B` filled from `weights` (k * n floats). */
export function buildMatMulModel(options: { rows: number; inner: number; columns: number; weights: Float32Array }): Uint8Array {
  const { rows, inner, columns, weights } = options;
  if (weights.length !== inner * columns) throw new RangeError(`weights must hold ${inner * columns} floats`);
  const node = [...stringField(1, 'A'), ...stringField(1, 'B'), ...stringField(2, 'Y'), ...stringField(3, 'matmul'), ...stringField(4, 'MatMul')];
  const raw = new Uint8Array(weights.buffer, weights.byteOffset, weights.byteLength);
  const initializer = [...varintField(1, inner), ...varintField(1, columns), ...varintField(2, FLOAT), ...stringField(8, 'B')];
  const initializerBytes = new Uint8Array(initializer.length + 10 + raw.length);
  const rawHeader = [...varint((9 << 3) | 2), ...varint(raw.length)];
  initializerBytes.set(initializer, 0);
  initializerBytes.set(rawHeader, initializer.length);
  initializerBytes.set(raw, initializer.length + rawHeader.length);
  const initializerMessage = initializerBytes.subarray(0, initializer.length + rawHeader.length + raw.length);
  const graphParts: (number[] | Uint8Array)[] = [
    bytesField(1, node),
    stringField(2, 'matmul_roofline'),
    [...varint((5 << 3) | 2), ...varint(initializerMessage.length)],
    initializerMessage,
    bytesField(11, valueInfo('A', [rows, inner])),
    bytesField(12, valueInfo('Y', [rows, columns])),
  ];
  const graphLength = graphParts.reduce((sum, part) => sum + part.length, 0);
  const header = [...varintField(1, 8), ...stringField(2, 'gliznet-bench'), ...bytesField(8, [...stringField(1, ''), ...varintField(2, 17)]), ...varint((7 << 3) | 2), ...varint(graphLength)];
  const model = new Uint8Array(header.length + graphLength);
  model.set(header, 0);
  let offset = header.length;
  for (const part of graphParts) {
    model.set(part, offset);
    offset += part.length;
  }
  return model;
}
