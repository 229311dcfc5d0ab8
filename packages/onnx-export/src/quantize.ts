/**
 * int8 quantization for the exported graphs, in standard ONNX ops only:
 * - dense weights: symmetric int8 per output column (zero point 0), `weightBits` bits of range;
 * - activations: quantized at run time **per token** (one scale per row of the last axis,
 *   quantize-activations.ts), so a text's result does not depend on its batch or its padding;
 * - product: MatMulInteger (uint8 codes - 128) x (int8 weights) -> int32, exact -> Cast -> Mul by the
 *   column scales -> Mul by the token scales;
 * - embedding tables: int8 per row, Gather of the int8 rows and of the row scales, Cast, Mul.
 *
 * `weightBits` defaults to 7 ("reduce range"): on x86 CPUs without AVX-VNNI, the uint8 x int8
 * kernels add pairs of products in 16 bits, which can saturate with full 8-bit weights; with weights
 * in [-63, 63] the pair sum (2 x 255 x 63) always fits. Measured on an AVX2-only CPU with tiny
 * random models: 8-bit weights gave errors up to 100% of the largest logit, 7-bit up to 6%.
 */
import { attribute, type DenseWeight, type GraphBuilder } from './graph-builder.js';
import { OnnxDataType } from './onnx-proto.js';
import { emitPerTokenQuantize } from './quantize-activations.js';

export interface QuantizationOptions {
  /** Bits of weight range: 8 -> [-127, 127], 7 -> [-63, 63] (default 7, safe without AVX-VNNI). */
  weightBits: 7 | 8;
}

export const DEFAULT_QUANTIZATION: QuantizationOptions = { weightBits: 7 };

/** Symmetric int8 codes and scales, one scale per group (column of a [in, out] matrix, or row of a table). */
export interface QuantizedMatrix {
  values: Int8Array;
  scales: Float32Array;
}

/** Quantizes a row-major [rows, columns] matrix with one symmetric scale per column. */
export function quantizePerColumn(data: Float32Array, rows: number, columns: number, options: QuantizationOptions): QuantizedMatrix {
  const levels = 2 ** (options.weightBits - 1) - 1;
  const maxima = new Float32Array(columns);
  for (let row = 0; row < rows; row++) {
    const offset = row * columns;
    for (let column = 0; column < columns; column++) {
      const magnitude = Math.abs(data[offset + column]!);
      if (magnitude > maxima[column]!) maxima[column] = magnitude;
    }
  }
  const scales = new Float32Array(columns);
  for (let column = 0; column < columns; column++) scales[column] = maxima[column]! > 0 ? maxima[column]! / levels : 1;
  const values = new Int8Array(rows * columns);
  for (let row = 0; row < rows; row++) {
    const offset = row * columns;
    for (let column = 0; column < columns; column++) {
      const code = Math.round(data[offset + column]! / scales[column]!);
      values[offset + column] = Math.max(-levels, Math.min(levels, code));
    }
  }
  return { values, scales };
}

/** Quantizes a row-major [rows, columns] matrix with one symmetric 8-bit scale per row. */
export function quantizePerRow(data: Float32Array, rows: number, columns: number): QuantizedMatrix {
  const levels = 127;
  const scales = new Float32Array(rows);
  const values = new Int8Array(rows * columns);
  for (let row = 0; row < rows; row++) {
    const offset = row * columns;
    let maximum = 0;
    for (let column = 0; column < columns; column++) maximum = Math.max(maximum, Math.abs(data[offset + column]!));
    const scale = maximum > 0 ? maximum / levels : 1;
    scales[row] = scale;
    for (let column = 0; column < columns; column++) {
      values[offset + column] = Math.max(-levels, Math.min(levels, Math.round(data[offset + column]! / scale)));
    }
  }
  return { values, scales };
}

/**
 * Emits x [..., in] @ W [in, out] with int8 weights and per-token quantized activations; returns
 * the float32 product [..., out] (bias not included). Every output row depends only on its own
 * input row: the integer product is exact and the rescaling is elementwise.
 */
export function emitQuantizedMatMul(builder: GraphBuilder, x: string, weight: DenseWeight, options: QuantizationOptions): string {
  const quantized = quantizePerColumn(weight.data, weight.inFeatures, weight.outFeatures, options);
  const weightCodes = builder.addInitializer(`${weight.name}.int8`, OnnxDataType.int8, [weight.inFeatures, weight.outFeatures], quantized.values);
  const weightScales = builder.addInitializer(`${weight.name}.scale`, OnnxDataType.float, [weight.outFeatures], quantized.scales);
  const weightZeroPoint = builder.initializerOnce('weight_zero_point.int8', OnnxDataType.int8, [], new Int8Array(1));
  const activations = emitPerTokenQuantize(builder, x); // codes uint8 [..., in], scale [..., 1]
  const accumulated = builder.addNode('MatMulInteger', [activations.codes, weightCodes, activations.zeroPoint, weightZeroPoint]); // int32 [..., out]
  const perColumn = builder.addNode('Mul', [builder.toFloat(accumulated), weightScales]); // [..., out]
  return builder.addNode('Mul', [perColumn, activations.scale]); // [..., out]
}

/** Emits an embedding lookup from an int8 per-row table: returns float32 [..., columns]. */
export function emitQuantizedGather(builder: GraphBuilder, ids: string, table: { name: string; rows: number; columns: number; data: Float32Array }): string {
  const quantized = quantizePerRow(table.data, table.rows, table.columns);
  const codes = builder.addInitializer(`${table.name}.int8`, OnnxDataType.int8, [table.rows, table.columns], quantized.values);
  const scales = builder.addInitializer(`${table.name}.scale`, OnnxDataType.float, [table.rows, 1], quantized.scales);
  const rows = builder.toFloat(builder.addNode('Gather', [codes, ids], { axis: attribute.int(0) })); // [..., columns]
  const rowScales = builder.addNode('Gather', [scales, ids], { axis: attribute.int(0) }); // [..., 1]
  return builder.addNode('Mul', [rows, rowScales]);
}
