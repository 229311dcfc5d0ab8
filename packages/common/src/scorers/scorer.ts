/**
 * What a text-label scorer is, tensor-free: its named tensors (with the initial values of a new
 * model) and its score written once against `Ops<T>`. A scorer is one file in this folder plus one
 * line in `index.ts`.
 */
import type { Ops } from '../ops.js';
import type { TensorSpec } from '../tensor-spec.js';

export interface ScorerDefinition {
  /** The `gliznet.similarity` value. */
  readonly name: string;
  /** The scorer's tensors for vectors of width `width` (`gliznet.scorer.*`), in file order. */
  tensors(width: number): TensorSpec[];
  /** text [batch, d], labels [batch, numLabels, d] -> scores [batch, numLabels]. */
  score<T>(ops: Ops<T>, text: T, labels: T, options: { width: number }): T;
}
