/**
 * Tensor-free descriptions of the named tensors a model needs (docs/model-format.md): name, shape
 * as the file holds it, layout, and how a random model initialises it. Encoder families and scorers
 * list theirs; `@gliznet/core` turns them into tfjs Variables, `@gliznet/onnx-export` checks
 * model.safetensors against them.
 */

/** How a tensor is initialised in a random model. */
export type TensorInitializer = { kind: 'normal'; std: number } | { kind: 'zeros' } | { kind: 'ones' } | { kind: 'values'; values: Float32Array };

/** One tensor the model needs, as the file holds it. */
export interface TensorSpec {
  /** model-format.md name, e.g. `bert.encoder.layer.0.attention.self.query.weight`. */
  name: string;
  /** Shape in the file (`[out, in]` for dense weights). */
  shape: number[];
  /** True for dense weights stored `[out, in]`: held transposed (`[in, out]`) for the matrix product. */
  transposed: boolean;
  /** False for constants that are saved but not trained (timing signal, unused heads). */
  trainable: boolean;
  initializer: TensorInitializer;
  /**
   * True for a tensor that is kept (loaded and saved) but not read by the forward pass with these
   * settings (USE-Lite's pretrained sentence head without `sentence_head`): an exported graph
   * neither needs nor contains it.
   */
  unused?: boolean;
}

/** `<prefix>.weight` `[out, in]` (transposed in memory) and `<prefix>.bias` `[out]`. */
export function denseTensors(prefix: string, outFeatures: number, inFeatures: number, options: { std?: number; trainable?: boolean; unused?: boolean } = {}): TensorSpec[] {
  const trainable = options.trainable ?? true;
  const unused = options.unused === true ? { unused: true } : {};
  return [
    { name: `${prefix}.weight`, shape: [outFeatures, inFeatures], transposed: true, trainable, initializer: { kind: 'normal', std: options.std ?? 0.02 }, ...unused },
    { name: `${prefix}.bias`, shape: [outFeatures], transposed: false, trainable, initializer: { kind: 'zeros' }, ...unused },
  ];
}

/** A layer norm's `<prefix>.weight` (ones) and `<prefix>.bias` (zeros), `[width]` each. */
export function normTensors(prefix: string, width: number): TensorSpec[] {
  return [
    { name: `${prefix}.weight`, shape: [width], transposed: false, trainable: true, initializer: { kind: 'ones' } },
    { name: `${prefix}.bias`, shape: [width], transposed: false, trainable: true, initializer: { kind: 'zeros' } },
  ];
}
