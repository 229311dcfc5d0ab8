/**
 * The one interface every benchmarked system implements, so accuracy and speed treat GliZNet and
 * its baselines identically: same rows, same labels, same calls.
 */

export type SystemKind = 'gliznet' | 'cross-encoder' | 'bi-encoder' | 'nli';

export interface SystemClassifyOptions {
  /**
   * `false`: scores only need to rank the labels (argmax is the prediction). `true`: scores are
   * per-label values compared with the system's `threshold`.
   */
  multiLabel: boolean;
}

/** A model file the system reads, with its SHA-256, for the results' provenance block. */
export interface ModelFile {
  path: string;
  sha256: string;
  bytes: number;
}

/** What the results record about a system. */
export interface SystemDescription {
  name: string;
  kind: SystemKind;
  /** Model directory or package the system runs. */
  source: string;
  /** Multi-label decision threshold on this system's scores, and where it comes from. */
  threshold: number;
  thresholdSource: string;
  /** Runtime and settings (threads, precision, template, ...). */
  settings: Record<string, string | number | boolean>;
  files: ModelFile[];
}

export interface ZeroShotSystem {
  readonly name: string;
  readonly kind: SystemKind;
  /** Multi-label threshold on this system's scores. */
  readonly threshold: number;
  describe(): SystemDescription;
  /**
   * Scores every candidate label of every text. Returns `scores[i][j]` for `labelsPerText[i][j]`,
   * in the order the labels were given. // [texts, labels of that text]
   */
  classify(texts: readonly string[], labelsPerText: readonly (readonly string[])[], options: SystemClassifyOptions): Promise<number[][]>;
  /**
   * Tokens the system's transformer processes for these inputs (every pass counted, padding
   * excluded). Only systems whose cost the speed benchmark compares by tokens provide it.
   */
  tokensProcessed?(texts: readonly string[], labelsPerText: readonly (readonly string[])[]): Promise<number>;
  /** Frees sessions and tensors. */
  dispose(): Promise<void>;
}

/** Maps a result's (label, score) pairs back to the order of `labels`; labels missing from the result score `missingScore`. */
export function alignScores(labels: readonly string[], resultLabels: readonly string[], resultScores: readonly number[], options: { missingScore: number }): number[] {
  const byLabel = new Map<string, number>();
  resultLabels.forEach((label, index) => byLabel.set(label, resultScores[index]!));
  return labels.map((label) => byLabel.get(label) ?? options.missingScore);
}
