/**
 * The named weights of a model directory, checked against what its config needs, with accessors
 * that hand the graph builders MatMul-ready (`[in, out]`) dense weights.
 */
import { encoderFamily, ModelLoadError, type ModelConfig } from '@gliznet/common';
import type { DenseWeight } from './graph-builder.js';
import { requiredTensorShapes, type EncoderDimensions } from './required-tensors.js';

/** A float tensor as stored (dense weights `[out, in]`). */
export interface WeightTensor {
  shape: number[];
  data: Float32Array;
}

export class ModelWeights {
  private constructor(private readonly tensors: Map<string, WeightTensor>) {}

  /**
   * Checks `tensors` against the config: every missing tensor, unexpected tensor and wrong shape is
   * listed in one ModelLoadError naming `path`. MLM tensors are ignored, and pooler tensors unless
   * `sentence_head` needs them.
   */
  static check(config: ModelConfig, dimensions: EncoderDimensions, tensors: Map<string, { shape: number[]; data: Float32Array | Int32Array }>, path: string): ModelWeights {
    const required = requiredTensorShapes(config, dimensions);
    const found = new Map<string, WeightTensor>();
    const problems: string[] = [];
    const present = new Set<string>();
    const family = encoderFamily(dimensions.family);
    for (const [rawName, tensor] of tensors) {
      const name = family.canonicalName(rawName); // e.g. BERT checkpoints with or without the `bert.` prefix
      if (!required.has(name) && family.isIgnoredTensorName(name)) continue;
      present.add(name);
      const shape = required.get(name);
      if (shape === undefined) {
        problems.push(`unexpected tensor "${rawName}" [${tensor.shape.join(', ')}] (not used by a ${config.gliznet.architecture} model with the ${dimensions.family} encoder and this config)`);
        continue;
      }
      if (!(tensor.data instanceof Float32Array)) {
        problems.push(`tensor "${rawName}" holds integers; expected floating-point values`);
        continue;
      }
      if (tensor.shape.length !== shape.length || tensor.shape.some((size, index) => size !== shape[index])) {
        problems.push(`tensor "${rawName}" has shape [${tensor.shape.join(', ')}], expected [${shape.join(', ')}]`);
        continue;
      }
      found.set(name, { shape: tensor.shape, data: tensor.data });
    }
    for (const [name, shape] of required) {
      if (!present.has(name)) problems.push(`missing tensor "${name}" [${shape.join(', ')}]`);
    }
    if (problems.length > 0) {
      throw new ModelLoadError(path, `${path} does not match config.json (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n  - ${problems.join('\n  - ')}`, { problems });
    }
    return new ModelWeights(found);
  }

  /** A tensor as stored. */
  get(name: string): WeightTensor {
    const tensor = this.tensors.get(name);
    if (tensor === undefined) throw new Error(`internal error: weight ${name} was not checked in`);
    return tensor;
  }

  /** A 1-D tensor (bias, norm scale) with the name its initializer gets. */
  vector(name: string): { name: string; data: Float32Array } {
    return { name, data: this.get(name).data };
  }

  /** `<prefix>.weight` ([out, in] stored) transposed once to the MatMul layout [in, out]. */
  denseWeight(prefix: string): DenseWeight {
    const { shape, data } = this.get(`${prefix}.weight`);
    const [outFeatures, inFeatures] = shape as [number, number];
    return { name: `${prefix}.weight`, inFeatures, outFeatures, data: transpose(data, outFeatures, inFeatures) };
  }

  /** `<prefix>.bias`. */
  denseBias(prefix: string): { name: string; data: Float32Array } {
    return this.vector(`${prefix}.bias`);
  }
}

/** Row-major [rows, columns] -> [columns, rows]. */
export function transpose(data: Float32Array, rows: number, columns: number): Float32Array {
  const out = new Float32Array(rows * columns);
  for (let row = 0; row < rows; row++) {
    for (let column = 0; column < columns; column++) out[column * rows + row] = data[row * columns + column]!;
  }
  return out;
}
