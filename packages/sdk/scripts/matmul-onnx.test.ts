import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { buildMatMulModel } from './matmul-onnx.js';

describe('buildMatMulModel', () => {
  it('is a valid ONNX model computing A @ B', async () => {
    const [rows, inner, columns] = [3, 200, 5]; // inner * columns * 4 bytes > 127: multi-byte length varints
    const weights = Float32Array.from({ length: inner * columns }, (_, index) => Math.sin(index));
    const session = await ort.InferenceSession.create(buildMatMulModel({ rows, inner, columns, weights }));
    const a = Float32Array.from({ length: rows * inner }, (_, index) => Math.cos(index));
    const output = (await session.run({ A: new ort.Tensor('float32', a, [rows, inner]) }))['Y']!;
    expect(output.dims).toEqual([rows, columns]);
    for (let row = 0; row < rows; row += 1) {
      for (let column = 0; column < columns; column += 1) {
        let expected = 0;
        for (let k = 0; k < inner; k += 1) expected += a[row * inner + k]! * weights[k * columns + column]!;
        expect((output.data as Float32Array)[row * columns + column]).toBeCloseTo(expected, 3);
      }
    }
    await session.release();
  });
});
