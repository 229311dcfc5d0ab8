/**
 * Test helper: a tiny random GliZNet model and a tiny random cross-encoder, each a complete model
 * directory (config.json, tokenizer.json, model.safetensors, onnx/model.onnx) built with
 * `@gliznet/onnx-export`. Their scores are meaningless; they exercise the whole pipeline.
 */
import { join } from 'node:path';
import { exportOnnx } from '@gliznet/onnx-export';
import { createTinyModelConfig, writeRandomModelDirectory } from '@gliznet/onnx-export/testing';
import { bundledTokenizerPath } from '@gliznet/tokenizer';

export interface TinySdkModels {
  gliznet: string;
  crossEncoder: string;
}

export interface TinySdkModelOptions {
  /**
   * `tiny` (default): a 1-layer BERT of width 16. `use-lite`: USE-Lite's real dimensions (vocab
   * 8,002, embeddings 256, hidden 512, 2 layers, 4 heads, FFN 1,536) with the bundled use-lite
   * tokenizer and random weights: what a trained default model costs to run, for speed previews.
   */
  size?: 'tiny' | 'use-lite';
  /** `tiny`: a generated 64-token WordPiece vocabulary (fastest); `bert-base-uncased`: the bundled real one. Default `tiny`. */
  tokenizer?: 'tiny' | 'bert-base-uncased';
  /** Default 1. */
  seed?: number;
}

export async function writeTinySdkModels(directory: string, options: TinySdkModelOptions = {}): Promise<TinySdkModels> {
  const tokenizer = options.tokenizer ?? 'tiny';
  const vocabSize = tokenizer === 'tiny' ? 64 : 30522;
  const useLite = options.size === 'use-lite';
  const prefix = useLite ? 'random-use-lite' : 'tiny';
  const models = { gliznet: join(directory, `${prefix}-gliznet`), crossEncoder: join(directory, `${prefix}-cross-encoder`) };
  for (const [architecture, path] of [['gliznet', models.gliznet], ['cross-encoder', models.crossEncoder]] as const) {
    if (useLite) {
      await writeRandomModelDirectory(path, {
        config: createTinyModelConfig({
          architecture,
          encoder: 'use-lite',
          vocabSize: 8002,
          embeddingSize: 256,
          hiddenSize: 512,
          numHiddenLayers: 2,
          numAttentionHeads: 4,
          intermediateSize: 1536,
          maxLength: 256,
        }),
        seed: options.seed ?? 1,
        tokenizerJsonPath: bundledTokenizerPath('use-lite'),
      });
      await exportOnnx(path, { quantize: false });
      continue;
    }
    await writeRandomModelDirectory(path, {
      config: createTinyModelConfig({
        architecture,
        encoder: 'bert',
        vocabSize,
        hiddenSize: 16,
        numHiddenLayers: 1,
        numAttentionHeads: 2,
        intermediateSize: 32,
        maxPositionEmbeddings: 512,
        maxLength: 256,
      }),
      seed: options.seed ?? 1,
      ...(tokenizer === 'tiny' ? {} : { tokenizerJsonPath: bundledTokenizerPath('bert-base-uncased') }),
    });
    await exportOnnx(path, { quantize: true });
  }
  return models;
}
