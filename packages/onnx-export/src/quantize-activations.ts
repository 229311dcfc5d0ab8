/**
 * Run-time int8 quantization of activations, **one scale per token** (per row of the last axis), in
 * standard opset-17 operators. A token's codes and scale depend only on that token's own values, so
 * a text's result never depends on the other texts of its batch, nor on how far the batch is padded
 * (a padded position is a token of its own). A per-tensor scale (DynamicQuantizeLinear) takes its
 * range from the whole batch, which is why the earlier int8 graphs changed scores with the batch.
 *
 * For x [..., K]:
 *   scale [..., 1] = max(max_k |x_k|, tiny) / 127
 *   codes [..., K] = QuantizeLinear(x / scale, 1, 128) = round_half_even(x / scale) + 128, uint8 in [1, 255]
 * Symmetric codes with the fixed zero point 128 (a scalar, as onnxruntime's MatMulInteger requires;
 * it rejects a per-row zero point vector, microsoft/onnxruntime#27897): MatMulInteger(codes - 128)
 * sees round(x / scale) in [-127, 127], and the float product is that times scale.
 */
import { attribute, type GraphBuilder } from './graph-builder.js';
import { OnnxDataType } from './onnx-proto.js';

/** Largest code magnitude: symmetric codes in [-127, 127] around the zero point. */
export const ACTIVATION_LEVELS = 127;
/** The fixed uint8 zero point of every activation code. */
export const ACTIVATION_ZERO_POINT = 128;
/**
 * Floor of a token's largest |value| before dividing by it: an all-zero token (USE-Lite zeroes
 * padded positions) gets codes 128 (= 0) and a tiny positive scale instead of 0 / 0.
 */
export const ACTIVATION_RANGE_FLOOR = 1e-30;

export interface QuantizedActivations {
  /** uint8 [..., K]: round(x / scale) + 128. */
  codes: string;
  /** float32 [..., 1]: the token's scale. */
  scale: string;
  /** uint8 scalar: 128, the zero point to pass to MatMulInteger. */
  zeroPoint: string;
}

/** Emits the per-token quantization of x [..., K]. */
export function emitPerTokenQuantize(builder: GraphBuilder, x: string): QuantizedActivations {
  return builder.scope('quantize_activations', () => {
    const range = builder.addNode('ReduceMax', [builder.addNode('Abs', [x])], { axes: attribute.ints([-1]), keepdims: attribute.int(1) }); // [..., 1]
    const scale = builder.addNode('Div', [builder.addNode('Max', [range, builder.constantFloat(ACTIVATION_RANGE_FLOOR)]), builder.constantFloat(ACTIVATION_LEVELS)]); // [..., 1]
    const zeroPoint = builder.initializerOnce('activation_zero_point.uint8', OnnxDataType.uint8, [], Uint8Array.of(ACTIVATION_ZERO_POINT));
    const unitScale = builder.constantFloat(1);
    // |x / scale| <= 127 up to rounding of the division; QuantizeLinear saturates to [0, 255] anyway.
    const codes = builder.addNode('QuantizeLinear', [builder.addNode('Div', [x, scale]), unitScale, zeroPoint]); // uint8 [..., K]
    return { codes, scale, zeroPoint };
  });
}
