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
import { LABEL_SENTENCE_TEMPLATE } from '@gliznet/core';
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

/** Inputs longer than this are cut when sentence_bert_config.json names no max_seq_length (BERT's table). */
const DEFAULT_MAX_TOKENS = 512;

function dot(a: Float32Array, b: Float32Array): number {
  let sum = 0;
  for (let index = 0; index < a.length; index++) sum += a[index]! * b[index]!;
  return sum;
}

export async function loadOnnxBiEncoderSystem(directory: string, options: OnnxBiEncoderOptions = {}): Promise<ZeroShotSystem> {
  const pooling = await readSentencePooling(directory);
  const tokenizer = await GliznetTokenizer.fromFile(join(directory, 'tokenizer.json'));
  const maxTokens = pooling.maxSequenceLength ?? DEFAULT_MAX_TOKENS;
  const scratch = await mkdtemp(join(tmpdir(), 'gliznet-bi-encoder-'));
  const { path } = await exportSentenceEncoderOnnx(directory, { outputPath: join(scratch, 'sentence_encoder.onnx') });
  const threads = options.threads ?? 1;
  const session = await ort.InferenceSession.create(path, { intraOpNumThreads: threads, interOpNumThreads: 1, graphOptimizationLevel: 'all' });
  const batchSize = options.batchSize ?? 32;
  const name = options.name ?? `bi-encoder-${basename(directory)}`;
  const files = await hashFiles(['config.json', 'model.safetensors', 'tokenizer.json', join('1_Pooling', 'config.json')].map((file) => join(directory, file)));
  const labelCache = new Map<string, Float32Array>();

  /** One vector per sentence; batches of similar length (less padding), results in input order. */
  const embed = async (sentences: readonly string[]): Promise<Float32Array[]> => {
    const ids = (await tokenizer.encodeTexts(sentences)).map((encoding) => [tokenizer.clsId, ...encoding.ids.slice(0, maxTokens - 2), tokenizer.sepId]);
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

  const labelVectors = async (labels: readonly string[]): Promise<Float32Array[]> => {
    const missing = [...new Set(labels.filter((label) => !labelCache.has(label)))];
    if (missing.length > 0) (await embed(missing.map((label) => LABEL_SENTENCE_TEMPLATE.replace('{label}', label)))).forEach((vector, index) => labelCache.set(missing[index]!, vector));
    return labels.map((label) => labelCache.get(label)!);
  };

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
    async classify(texts, labelsPerText) {
      const textVectors = await embed(texts);
      const scores: number[][] = [];
      for (const [index, vector] of textVectors.entries()) scores.push((await labelVectors(labelsPerText[index] ?? [])).map((label) => dot(vector, label)));
      return scores;
    },
    async dispose() {
      await session.release();
      await rm(scratch, { recursive: true, force: true });
    },
  };
}
