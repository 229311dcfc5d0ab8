/**
 * Pure score arithmetic of the classifier: logits to probabilities, the exact merge of label lists
 * that were split across several passes, aggregation over long-text windows, and ranking.
 * No tensors, no I/O: everything here is tested with plain arrays.
 */
import { InvalidArgumentError } from '@gliznet/common';

/** Logistic function, computed without overflow for large |x|. */
export function sigmoid(logit: number): number {
  if (logit >= 0) return 1 / (1 + Math.exp(-logit));
  const exponential = Math.exp(logit);
  return exponential / (1 + exponential);
}

/** Numerically stable softmax over one row of logits. `[numLabels] -> [numLabels]`. */
export function softmax(logits: ArrayLike<number>): number[] {
  let maximum = -Infinity;
  for (let index = 0; index < logits.length; index += 1) maximum = Math.max(maximum, logits[index] as number);
  const exponentials = new Array<number>(logits.length);
  let total = 0;
  for (let index = 0; index < logits.length; index += 1) {
    const value = Math.exp((logits[index] as number) - maximum);
    exponentials[index] = value;
    total += value;
  }
  return exponentials.map((value) => value / total);
}

/**
 * Probabilities from one text's logits over its candidate labels. `multiLabel: false`: softmax
 * across the labels (they sum to 1). `multiLabel: true`: an independent sigmoid per label.
 */
export function logitsToScores(logits: ArrayLike<number>, options: { multiLabel: boolean }): number[] {
  if (options.multiLabel) return Array.from(logits, sigmoid);
  return softmax(logits);
}

/** Logits of some of a text's labels, from one pass: `logits[i]` belongs to label `labelIndices[i]`. */
export interface PartialLogits {
  labelIndices: readonly number[];
  logits: ArrayLike<number>;
}

/**
 * Puts the logits of every pass of one text back in label order: the union of the label chunks.
 * Because each label is scored once, a softmax over the result is exactly the softmax over the
 * union of all passes' logits. Throws when a label is scored twice or never (a planning bug).
 * Returns `[numLabels]`.
 */
export function mergeLabelChunkLogits(numLabels: number, parts: readonly PartialLogits[]): Float64Array {
  const merged = new Float64Array(numLabels).fill(Number.NaN);
  for (const part of parts) {
    if (part.labelIndices.length !== part.logits.length) {
      throw new InvalidArgumentError('parts', `a pass has ${part.labelIndices.length} label indices but ${part.logits.length} logits`);
    }
    part.labelIndices.forEach((labelIndex, position) => {
      if (!Number.isInteger(labelIndex) || labelIndex < 0 || labelIndex >= numLabels) {
        throw new InvalidArgumentError('parts', `label index ${labelIndex} is outside 0..${numLabels - 1}`);
      }
      if (!Number.isNaN(merged[labelIndex] as number)) {
        throw new InvalidArgumentError('parts', `label ${labelIndex} was scored by two passes`);
      }
      merged[labelIndex] = part.logits[position] as number;
    });
  }
  const missing: number[] = [];
  merged.forEach((value, index) => {
    if (Number.isNaN(value)) missing.push(index);
  });
  if (missing.length > 0) throw new InvalidArgumentError('parts', `labels ${missing.join(', ')} were never scored`);
  return merged;
}

/**
 * Combines one text's per-window logits (long-text chunking) into one row per label:
 * - multi-label: the maximum over windows (a label present anywhere in the text is present in the
 *   text; since sigmoid is monotonic this is the maximum probability);
 * - single-label: the mean over windows (softmax of the mean logit = normalised geometric mean of
 *   the windows' distributions, so every window votes and no single window dominates).
 * `windows` is `[numWindows][numLabels]`; returns `[numLabels]`.
 */
export function aggregateWindowLogits(windows: readonly ArrayLike<number>[], options: { multiLabel: boolean }): Float64Array {
  const first = windows[0];
  if (first === undefined) throw new InvalidArgumentError('windows', 'at least one window is needed');
  const numLabels = first.length;
  const aggregated = new Float64Array(numLabels).fill(options.multiLabel ? -Infinity : 0);
  for (const window of windows) {
    if (window.length !== numLabels) throw new InvalidArgumentError('windows', `windows disagree on the number of labels (${window.length} vs ${numLabels})`);
    for (let label = 0; label < numLabels; label += 1) {
      const value = window[label] as number;
      aggregated[label] = options.multiLabel ? Math.max(aggregated[label] as number, value) : (aggregated[label] as number) + value / windows.length;
    }
  }
  return aggregated;
}

/** Labels and scores sorted by score, descending. */
export interface RankedLabels {
  labels: string[];
  scores: number[];
}

/**
 * Sorts labels by score, descending (ties keep the caller's label order), then keeps those with
 * `score >= threshold` (when given) and at most `topK` of them (when given).
 */
export function rankLabels(labels: readonly string[], scores: readonly number[], options: { threshold?: number; topK?: number } = {}): RankedLabels {
  if (labels.length !== scores.length) throw new InvalidArgumentError('scores', `${labels.length} labels but ${scores.length} scores`);
  const order = labels.map((_, index) => index).sort((left, right) => (scores[right] as number) - (scores[left] as number) || left - right);
  let kept = options.threshold === undefined ? order : order.filter((index) => (scores[index] as number) >= (options.threshold as number));
  if (options.topK !== undefined) kept = kept.slice(0, options.topK);
  return { labels: kept.map((index) => labels[index] as string), scores: kept.map((index) => scores[index] as number) };
}
