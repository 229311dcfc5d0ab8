/**
 * The model's weights: one tfjs Variable per named tensor of model-format.md. Dense weights are
 * stored `[out, in]` in files and held `[in, out]` in memory (transposed once at load and save).
 */
import { ModelLoadError, createSeededRandom, type SeededRandom, type TensorInitializer, type TensorSpec } from '@gliznet/common';
import * as tf from './tf.js';


/** How a tensor is initialised in a random model (@gliznet/common's TensorInitializer). */
export type Initializer = TensorInitializer;

/** One tensor the model needs, as the file holds it (@gliznet/common's TensorSpec, from the family and scorer tables). */
export type ParameterSpec = TensorSpec;

/** A named weight in the file layout (what safetensors holds). */
export interface NamedWeight {
  shape: number[];
  data: Float32Array;
}

function transpose2d(data: Float32Array, rows: number, columns: number): Float32Array {
  const out = new Float32Array(data.length);
  for (let row = 0; row < rows; row++) {
    for (let column = 0; column < columns; column++) out[column * rows + row] = data[row * columns + column]!;
  }
  return out;
}

function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((size, index) => size === b[index]);
}

function initialValues(spec: ParameterSpec, random: SeededRandom): Float32Array {
  const count = spec.shape.reduce((product, size) => product * size, 1);
  switch (spec.initializer.kind) {
    case 'normal':
      return random.normals(count, spec.initializer.std);
    case 'zeros':
      return new Float32Array(count);
    case 'ones':
      return new Float32Array(count).fill(1);
    case 'values':
      return spec.initializer.values;
  }
}

interface Entry {
  spec: ParameterSpec;
  variable: tf.Variable;
}

/** Named variables of one model. */
export class ParameterStore {
  private readonly entries = new Map<string, Entry>();

  private constructor(specs: readonly ParameterSpec[], values: (spec: ParameterSpec) => Float32Array) {
    for (const spec of specs) {
      const data = values(spec);
      const [rows, columns] = spec.shape as [number, number];
      const variable = spec.transposed
        ? tf.variable(tf.tensor2d(transpose2d(data, rows, columns), [columns, rows]), spec.trainable)
        : tf.variable(tf.tensor(data, spec.shape), spec.trainable);
      this.entries.set(spec.name, { spec, variable });
    }
  }

  /** Fresh weights drawn from each spec's initializer with a seeded generator. */
  static random(specs: readonly ParameterSpec[], options: { seed: number }): ParameterStore {
    const random = createSeededRandom(options.seed);
    return new ParameterStore(specs, (spec) => initialValues(spec, random));
  }

  /**
   * Weights from named tensors (file layout). Every missing tensor, unexpected tensor, shape
   * mismatch and non-finite value is collected into one ModelLoadError naming `path`. Names for
   * which `isIgnored` is true are skipped; specs for which `initializeRandomly` is true are drawn
   * from their initializer (seeded) instead of read, e.g. a new head on a pretrained encoder.
   */
  static fromWeights(
    specs: readonly ParameterSpec[],
    weights: ReadonlyMap<string, { shape: number[]; data: Float32Array | Int32Array }>,
    options: { path: string; isIgnored?: (name: string) => boolean; initializeRandomly?: (spec: ParameterSpec) => boolean; seed?: number },
  ): ParameterStore {
    const problems: string[] = [];
    const fromFile = specs.filter((spec) => !(options.initializeRandomly?.(spec) ?? false));
    const expected = new Set(fromFile.map((spec) => spec.name));
    for (const spec of fromFile) {
      const tensor = weights.get(spec.name);
      if (tensor === undefined) problems.push(`missing tensor ${spec.name} [${spec.shape.join(', ')}]`);
      else if (!sameShape(tensor.shape, spec.shape)) problems.push(`tensor ${spec.name} has shape [${tensor.shape.join(', ')}], expected [${spec.shape.join(', ')}]`);
      else if (!(tensor.data instanceof Float32Array)) problems.push(`tensor ${spec.name} is an integer tensor, expected floating point`);
      else if (!tensor.data.every(Number.isFinite)) problems.push(`tensor ${spec.name} holds NaN or infinite values`);
    }
    for (const name of weights.keys()) {
      if (!expected.has(name) && !(options.isIgnored?.(name) ?? false)) problems.push(`unexpected tensor ${name}`);
    }
    if (problems.length > 0) {
      throw new ModelLoadError(options.path, `${options.path} does not match the model configuration:\n  - ${problems.join('\n  - ')}`, { problems });
    }
    const random = createSeededRandom(options.seed ?? 0);
    return new ParameterStore(specs, (spec) => (expected.has(spec.name) ? (weights.get(spec.name)!.data as Float32Array) : initialValues(spec, random)));
  }

  /** The variable for `name` (in memory layout); throws on an unknown name (a programming error). */
  get(name: string): tf.Variable {
    const entry = this.entries.get(name);
    if (entry === undefined) throw new RangeError(`no parameter named ${name}`);
    return entry.variable;
  }

  has(name: string): boolean {
    return this.entries.has(name);
  }

  /** Variables the optimizer should update. */
  trainableVariables(): tf.Variable[] {
    return [...this.entries.values()].filter((entry) => entry.spec.trainable).map((entry) => entry.variable);
  }

  /** Every variable by model-format name. */
  variables(): Map<string, tf.Variable> {
    return new Map([...this.entries].map(([name, entry]) => [name, entry.variable]));
  }

  /** Current values in the file layout (`[out, in]` dense weights), by model-format name. */
  namedWeights(): Map<string, NamedWeight> {
    const out = new Map<string, NamedWeight>();
    for (const [name, { spec, variable }] of this.entries) {
      const data = variable.dataSync() as Float32Array;
      const [rows, columns] = spec.shape as [number, number];
      out.set(name, { shape: [...spec.shape], data: spec.transposed ? transpose2d(data, columns, rows) : Float32Array.from(data) });
    }
    return out;
  }

  /** Number of scalar weights. */
  size(): number {
    let total = 0;
    for (const { variable } of this.entries.values()) total += variable.size;
    return total;
  }

  dispose(): void {
    for (const { variable } of this.entries.values()) variable.dispose();
    this.entries.clear();
  }
}
