/**
 * The operations the encoder families and scorers are written against, once, for every backend:
 * `@gliznet/core` implements them on tfjs tensors (its custom-gradient kernels, trainable),
 * `@gliznet/onnx-export` on tensor names of an ONNX graph being built. `T` is the backend's tensor.
 *
 * Weights are named (docs/model-format.md): the implementation looks them up in its own store, so a
 * forward pass reads `ops.dense(x, 'bert.encoder.layer.0.intermediate.dense')` whatever the backend.
 * Shapes below use `...` for any leading axes.
 */

/** The feed-forward activations config.json's `hidden_act` may name (after aliases). */
export type HiddenActivation = 'gelu' | 'gelu_new' | 'relu';

export interface DenseOptions {
  /** Add `<prefix>.bias`. Default true. */
  bias?: boolean;
  /**
   * How `<prefix>.weight` is stored: `out-in` (default; the dense-layer convention, used as `x W^T`)
   * or `in-out` (used as stored, `x W`: the bilinear scorer's matrix).
   */
  layout?: 'out-in' | 'in-out';
  /** The int8 export may quantize this product (the encoder's and the sentence head's layers). */
  quantizable?: boolean;
  /** `x` may hold a single row (a pooled vector): the ONNX graph keeps the product batch-invariant. */
  fewRows?: boolean;
}

export interface AttentionOptions {
  numHeads: number;
  /** Width of query, key and value (heads * headSize). */
  width: number;
  /** Attention-weight dropout rate (training only). Default 0. */
  dropout?: number;
}

export interface AttentionResult<T> {
  /** [batch, sequence, width]: heads recombined. */
  context: T;
  /** [batch, heads, sequence (queries), sequence (keys)] softmax weights (before dropout). */
  probabilities: T;
}

export interface Ops<T> {
  /** Runs `build` with `name` as a naming scope (graph viewers); a plain call on tfjs. */
  scope<R>(name: string, build: () => R): R;

  // ---- named weights -------------------------------------------------------------------------
  /** A stored tensor read as a 1-D vector [n] (biases, scales, the dot_learning weight, timescales). */
  vector(name: string): T;
  /** `x W^T + b` on the last axis: [..., in] -> [..., out] with `<prefix>.weight` / `<prefix>.bias`. */
  dense(x: T, prefix: string, options?: DenseOptions): T;
  /** Layer normalisation over the last axis with `<prefix>.weight` / `<prefix>.bias`: [..., d] -> [..., d]. */
  layerNorm(x: T, prefix: string, epsilon: number): T;
  /** Rows of table `name` [rows, width] at int `ids` (any shape S): [...S, width]. */
  embedding(name: string, ids: T, options?: { quantizable?: boolean }): T;
  /** Rows 0..n-1 of table `name`, n the sequence length (axis 1) of `like` [batch, sequence]: [sequence, width]. */
  leadingRows(name: string, like: T): T;

  // ---- elementwise and shapes ----------------------------------------------------------------
  add(a: T, b: T): T;
  mul(a: T, b: T): T;
  /** `x * constant`. */
  scale(x: T, factor: number): T;
  sin(x: T): T;
  cos(x: T): T;
  tanh(x: T): T;
  /** The `hidden_act` activation. */
  activation(name: HiddenActivation, x: T): T;
  /** Cast to float32 (the identity for a float tensor). */
  toFloat(x: T): T;
  /** Inserts size-1 axes at `axes`. */
  unsqueeze(x: T, axes: number[]): T;
  concat(xs: T[], axis: number): T;
  /** Splits the last axis into `parts` equal pieces. */
  split(x: T, parts: number): T[];
  /** The entry `index` of axis `axis`, that axis removed: [..., n, ...] -> [..., ...]. */
  select(x: T, axis: number, index: number): T;
  /** Entries `start`, ..., n - 1 of axis `axis`: [..., n, ...] -> [..., n - start, ...]. */
  sliceFrom(x: T, axis: number, start: number): T;
  /** int [sequence]: 0, 1, ..., n - 1 for the sequence length n (axis 1) of `like` [batch, sequence, ...]. */
  sequencePositions(like: T): T;
  /** Inverted dropout in training, the identity otherwise (and always in a graph). */
  dropout(x: T, rate: number): T;

  // ---- attention and scoring pieces ----------------------------------------------------------
  /** (1 - mask) * -1e9 as [batch, 1, 1, sequence] for a [batch, sequence] attention mask. */
  attentionMaskBias(attentionMask: T): T;
  /**
   * softmax(q k^T / sqrt(headSize) + bias) v per head, for q, k, v [batch, sequence, width] and an
   * additive bias [batch, 1, 1 | sequence, sequence].
   */
  attention(query: T, key: T, value: T, bias: T, options: AttentionOptions): AttentionResult<T>;
  /** labels [batch, numLabels, d] . query [batch, d] -> [batch, numLabels]. */
  rowDots(labels: T, query: T): T;
  /** `x / max(|x|, epsilon)` over the last axis: [..., d] -> [..., d]. */
  l2Normalize(x: T, epsilon: number): T;
}
