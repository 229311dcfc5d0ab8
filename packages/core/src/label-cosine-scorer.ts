/**
 * Bi-encoder scoring, whatever computes the vectors: each text's vector against the vector of
 * each of its labels put in a sentence ("This text is about {label}."), label vectors computed once
 * and cached. Used by the tfjs SentenceEmbedder and by the bench's onnxruntime bi-encoder.
 */

/** The sentence a label is embedded in. */
export const LABEL_SENTENCE_TEMPLATE = 'This text is about {label}.';

/** L2-normalised sentence vectors, one per sentence, in order. */
export type EmbedSentences = (sentences: readonly string[]) => Promise<Float32Array[]>;

function dot(a: Float32Array, b: Float32Array): number {
  let sum = 0;
  for (let index = 0; index < a.length; index++) sum += a[index]! * b[index]!;
  return sum;
}

export class LabelCosineScorer {
  private readonly cache = new Map<string, Float32Array>();

  constructor(private readonly embed: EmbedSentences) {}

  /** Vectors of `LABEL_SENTENCE_TEMPLATE` filled with each label; computed once per label and cached. */
  async labelVectors(labels: readonly string[]): Promise<Float32Array[]> {
    const missing = [...new Set(labels.filter((label) => !this.cache.has(label)))];
    if (missing.length > 0) {
      const vectors = await this.embed(missing.map((label) => LABEL_SENTENCE_TEMPLATE.replace('{label}', label)));
      missing.forEach((label, index) => this.cache.set(label, vectors[index]!));
    }
    return labels.map((label) => this.cache.get(label)!);
  }

  /** Cosine similarity of each text with each of its labels: `scores[i][j]` for text i, label j of `labelsPerText[i]`. */
  async cosineScores(texts: readonly string[], labelsPerText: readonly (readonly string[])[]): Promise<number[][]> {
    const textVectors = await this.embed(texts);
    const scores: number[][] = [];
    for (const [index, vector] of textVectors.entries()) {
      const labels = await this.labelVectors(labelsPerText[index] ?? []);
      scores.push(labels.map((label) => dot(vector, label)));
    }
    return scores;
  }
}
