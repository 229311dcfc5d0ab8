import { copyFile, mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { exportSentenceEncoderOnnx } from './sentence-encoder-graph.js';
import { createSession } from './testing/run-onnx.js';

// The tiny BERT checkpoint with token states computed by PyTorch (reference.json): pooled here by
// hand in float64, they are what the exported graph must return.
const FIXTURE = join(import.meta.dirname, '..', '..', 'core', 'src', 'encoders', 'bert', '__fixtures__', 'tiny-bert');

interface Reference {
  batchSize: number;
  sequenceLength: number;
  inputIds: number[];
  attentionMask: number[];
  tokenTypeIds: number[];
  hiddenStates: number[];
}

async function encoderDirectory(pooling: Record<string, unknown>): Promise<string> {
  const directory = await mkdtemp(join(tmpdir(), 'gliznet-sentence-onnx-'));
  for (const file of ['config.json', 'model.safetensors', 'tokenizer.json']) await copyFile(join(FIXTURE, file), join(directory, file));
  await mkdir(join(directory, '1_Pooling'));
  await writeFile(join(directory, '1_Pooling', 'config.json'), JSON.stringify(pooling));
  await writeFile(join(directory, 'modules.json'), JSON.stringify([{ type: 'sentence_transformers.models.Pooling' }, { type: 'sentence_transformers.models.Normalize' }]));
  return directory;
}

function pooledReference(reference: Reference, row: number, mode: 'mean' | 'cls'): number[] {
  const { sequenceLength } = reference;
  const width = reference.hiddenStates.length / (reference.batchSize * sequenceLength);
  const state = (position: number, channel: number): number => reference.hiddenStates[(row * sequenceLength + position) * width + channel]!;
  const mask = reference.attentionMask.slice(row * sequenceLength, (row + 1) * sequenceLength);
  const count = mask.reduce((sum, value) => sum + value, 0);
  const pooled = Array.from({ length: width }, (_, channel) => (mode === 'cls' ? state(0, channel) : mask.reduce((sum, value, position) => sum + value * state(position, channel), 0) / count));
  const norm = Math.sqrt(pooled.reduce((sum, value) => sum + value * value, 0));
  return pooled.map((value) => value / norm);
}

async function run(path: string, reference: Reference): Promise<{ data: Float32Array; dims: readonly number[] }> {
  const session = await createSession(path);
  const tensor = (values: number[]): ort.Tensor => new ort.Tensor('int64', BigInt64Array.from(values, BigInt), [reference.batchSize, reference.sequenceLength]);
  const outputs = await session.run({ input_ids: tensor(reference.inputIds), attention_mask: tensor(reference.attentionMask), token_type_ids: tensor(reference.tokenTypeIds) });
  const output = outputs['sentence_embedding']!;
  await session.release();
  return { data: output.data as Float32Array, dims: output.dims };
}

describe('exportSentenceEncoderOnnx', () => {
  const reference = async (): Promise<Reference> => JSON.parse(await readFile(join(FIXTURE, 'reference.json'), 'utf8')) as Reference;

  for (const mode of ['mean', 'cls'] as const) {
    it(`pools PyTorch's token states by ${mode} and normalises them (padding ignored)`, async () => {
      const directory = await encoderDirectory(mode === 'mean' ? { pooling_mode_mean_tokens: true } : { pooling_mode_cls_token: true });
      const { path } = await exportSentenceEncoderOnnx(directory);
      expect(path).toBe(join(directory, 'onnx', 'sentence_encoder.onnx'));
      const batch = await reference();
      const output = await run(path, batch);
      expect(output.dims).toEqual([batch.batchSize, 32]);
      for (let row = 0; row < batch.batchSize; row++) {
        const expected = pooledReference(batch, row, mode);
        expected.forEach((value, channel) => expect(Math.abs(output.data[row * 32 + channel]! - value)).toBeLessThan(1e-5));
      }
    });
  }

  it('names the missing pooling file', async () => {
    const directory = await mkdtemp(join(tmpdir(), 'gliznet-sentence-onnx-'));
    for (const file of ['config.json', 'model.safetensors']) await copyFile(join(FIXTURE, file), join(directory, file));
    await expect(exportSentenceEncoderOnnx(directory)).rejects.toThrow(/1_Pooling\/config.json not found/);
  });
});
