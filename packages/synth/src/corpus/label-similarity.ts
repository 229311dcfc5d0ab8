import { InvalidArgumentError } from '@gliznet/common';

/** Cosine similarities between every pair of a fixed set of labels. */
export class LabelSimilarity {
  private readonly index = new Map<string, number>();
  private readonly matrix: Float32Array; // [numLabels, numLabels]

  /** @param labels distinct labels; @param vectors one embedding per label (any length, same for all). */
  constructor(
    readonly labels: readonly string[],
    vectors: readonly Float32Array[],
  ) {
    labels.forEach((label, position) => this.index.set(label, position));
    const count = labels.length;
    const norms = vectors.map((vector) => Math.sqrt(vector.reduce((sum, value) => sum + value * value, 0)) || 1);
    this.matrix = new Float32Array(count * count);
    for (let row = 0; row < count; row += 1) {
      const left = vectors[row] as Float32Array;
      for (let column = row; column < count; column += 1) {
        const right = vectors[column] as Float32Array;
        let dot = 0;
        for (let dimension = 0; dimension < left.length; dimension += 1) dot += (left[dimension] as number) * (right[dimension] as number);
        const cosine = dot / ((norms[row] as number) * (norms[column] as number));
        this.matrix[row * count + column] = cosine;
        this.matrix[column * count + row] = cosine;
      }
    }
  }

  /** Cosine similarity of two known labels (throws on an unknown label). */
  similarity(left: string, right: string): number {
    const row = this.index.get(left);
    const column = this.index.get(right);
    if (row === undefined || column === undefined) {
      const unknown = row === undefined ? left : right;
      throw new InvalidArgumentError('label', `Unknown label "${unknown}": it was not among the labels this similarity table was built from.`);
    }
    return this.matrix[row * this.labels.length + column] as number;
  }

  /** The largest similarity of `label` to any of `others` (-1 when `others` is empty). */
  maxSimilarity(label: string, others: readonly string[]): number {
    let best = -1;
    for (const other of others) best = Math.max(best, this.similarity(label, other));
    return best;
  }
}
