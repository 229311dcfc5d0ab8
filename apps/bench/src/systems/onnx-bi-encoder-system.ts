/**
 * The embedding baseline of a sentence-transformers BERT directory on onnxruntime-node: the
 * directory's encoder exported as `sentence_encoder.onnx` (encoder, its pooling, L2 norm; parity with
 * sentence-transformers measured by `pnpm bench encoder-parity`), texts and "This text is about
 * {label}." embedded, cosine scores. Same answers as the tfjs SentenceEmbedder, several times faster.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { readSentencePooling } from '@gliznet/common';
import { BERT_DEFAULT_MAX_TOKENS, LABEL_SENTENCE_TEMPLATE, LabelCosineScorer, bertSentenceIds } from '@gliznet/core';
import { exportSentenceEncoderOnnx } from '@gliznet/onnx-export';
import { GliznetTokenizer } from '@gliznet/tokenizer';
import * as ort from 'onnxruntime-node';
import { hashFiles } from '../results/model-files.js';
import { BI_ENCODER_COSINE_THRESHOLD } from './bi-encoder-system.js';
import type { SystemDescription, ZeroShotSystem } from './zero-shot-system.js';

export interface OnnxBiEncoderOptions {
  threads?: number;
  /** Sentences per onnxruntime run. Default 32. */
  batchSize?: number;
  name?: string;
}

export async function loadOnnxBiEncoderSystem(directory: string, options: OnnxBiEncoderOptions = {}): Promise<ZeroShotSystem> {
  const pooling = await readSentencePooling(directory);
  const tokenizer = await GliznetTokenizer.fromFile(join(directory, 'tokenizer.json'));
  const maxTokens = pooling.maxSequenceLength ?? BERT_DEFAULT_MAX_TOKENS;
  const scratch = await mkdtemp(join(tmpdir(), 'gliznet-bi-encoder-'));
  const { path } = await exportSentenceEncoderOnnx(directory, { outputPath: join(scratch, 'sentence_encoder.onnx') });
  const threads = options.threads ?? 1;
  const session = await ort.InferenceSession.create(path, { intraOpNumThreads: threads, interOpNumThreads: 1, graphOptimizationLevel: 'all' });
  const batchSize = options.batchSize ?? 32;
  const name = options.name ?? `bi-encoder-${basename(directory)}`;
  const files = await hashFiles(['config.json', 'model.safetensors', 'tokenizer.json', join('1_Pooling', 'config.json')].map((file) => join(directory, file)));

  /** One vector per sentence; batches of similar length (less padding), results in input order. */
  const embed = async (sentences: readonly string[]): Promise<Float32Array[]> => {
    const ids = await bertSentenceIds(tokenizer, sentences, maxTokens);
    const order = ids.map((_, index) => index).sort((left, right) => ids[left]!.length - ids[right]!.length);
    const vectors: Float32Array[] = new Array<Float32Array>(sentences.length);
    for (let start = 0; start < order.length; start += batchSize) {
      const rows = order.slice(start, start + batchSize);
      const length = Math.max(...rows.map((row) => ids[row]!.length));
      const inputIds = new BigInt64Array(rows.length * length);
      const attentionMask = new BigInt64Array(rows.length * length);
      rows.forEach((row, position) => ids[row]!.forEach((id, offset) => {
        inputIds[position * length + offset] = BigInt(id);
        attentionMask[position * length + offset] = 1n;
      }));
      const shape = [rows.length, length];
      const output = (await session.run({ input_ids: new ort.Tensor('int64', inputIds, shape), attention_mask: new ort.Tensor('int64', attentionMask, shape), token_type_ids: new ort.Tensor('int64', new BigInt64Array(rows.length * length), shape) }))['sentence_embedding']!;
      const data = output.data as Float32Array;
      const width = output.dims[1]!;
      rows.forEach((row, position) => (vectors[row] = data.slice(position * width, (position + 1) * width)));
    }
    return vectors;
  };

  const scorer = new LabelCosineScorer(embed);

  return {
    name,
    kind: 'bi-encoder',
    threshold: BI_ENCODER_COSINE_THRESHOLD,
    describe(): SystemDescription {
      return {
        name,
        kind: 'bi-encoder',
        source: `${directory} (pretrained sentence encoder, no training)`,
        threshold: BI_ENCODER_COSINE_THRESHOLD,
        thresholdSource: 'fixed cosine threshold (BI_ENCODER_COSINE_THRESHOLD), not tuned',
        settings: { runtime: 'onnxruntime-node, sentence_encoder.onnx exported from the directory', pooling: pooling.pooling, normalize: pooling.normalize, maxTokens, template: LABEL_SENTENCE_TEMPLATE, labelEmbeddingsCached: true, batchSize, threads },
        files,
      };
    },
    classify: (texts, labelsPerText) => scorer.cosineScores(texts, labelsPerText),
    async dispose() {
      await session.release();
      await rm(scratch, { recursive: true, force: true });
    },
  };
}
