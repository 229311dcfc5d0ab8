/**
 * The head's tensors (docs/model-format.md), after the encoder's: the cross-encoder's classifier, or
 * gliznet's projection (with `projection_dim`) and the scorer's own. The sentence head belongs to
 * the encoder family's table.
 */
import { scorer } from '../scorers/index.js';
import { denseTensors, type TensorSpec } from '../tensor-spec.js';
import type { GliznetSettings } from '../model-config.js';

/** Width of the vectors the scorer compares: `projection_dim` when set, else the encoder's hidden size. */
export function scorerWidth(settings: Pick<GliznetSettings, 'projectionDim'>, hiddenSize: number): number {
  return settings.projectionDim ?? hiddenSize;
}

/** The head's tensors in file order (projection N(0, 1/hidden), classifier N(0, 0.02^2), zero biases). */
export function headTensors(settings: Pick<GliznetSettings, 'architecture' | 'projectionDim' | 'similarity'>, hiddenSize: number): TensorSpec[] {
  if (settings.architecture === 'cross-encoder') return denseTensors('cross_encoder.classifier', 1, hiddenSize);
  const projection = settings.projectionDim === null ? [] : denseTensors('gliznet.projection', settings.projectionDim, hiddenSize, { std: 1 / Math.sqrt(hiddenSize) });
  return [...projection, ...scorer(settings.similarity).tensors(scorerWidth(settings, hiddenSize))];
}
