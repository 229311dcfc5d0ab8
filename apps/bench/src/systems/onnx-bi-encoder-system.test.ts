import { copyFile, mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SentenceEmbedder, selectBackend } from '@gliznet/core';
import { describe, expect, it } from 'vitest';
import { loadOnnxBiEncoderSystem } from './onnx-bi-encoder-system.js';

const TINY_BERT = join(import.meta.dirname, '..', '..', '..', '..', 'packages', 'core', 'src', 'encoders', 'bert', '__fixtures__', 'tiny-bert');

/** The tiny BERT checkpoint as a sentence-transformers directory with a word-level tokenizer ("t5 t17" -> ids 5, 17). */
async function encoderDirectory(): Promise<string> {
  const directory = await mkdtemp(join(tmpdir(), 'gliznet-onnx-bi-'));
  for (const file of ['config.json', 'model.safetensors']) await copyFile(join(TINY_BERT, file), join(directory, file));
  const vocab: Record<string, number> = { '[PAD]': 0, '[UNK]': 1, '[CLS]': 2, '[SEP]': 3, '[MASK]': 4 };
  for (let id = 5; id < 100; id++) vocab[`t${id}`] = id;
  await writeFile(join(directory, 'tokenizer.json'), JSON.stringify({ version: '1.0', truncation: null, padding: null, added_tokens: [], normalizer: null, pre_tokenizer: { type: 'WhitespaceSplit' }, post_processor: null, decoder: null, model: { type: 'WordLevel', vocab, unk_token: '[UNK]' } }));
  await mkdir(join(directory, '1_Pooling'));
  await writeFile(join(directory, '1_Pooling', 'config.json'), JSON.stringify({ pooling_mode_mean_tokens: true }));
  await writeFile(join(directory, 'modules.json'), JSON.stringify([{ type: 'sentence_transformers.models.Pooling' }, { type: 'sentence_transformers.models.Normalize' }]));
  await writeFile(join(directory, 'sentence_bert_config.json'), JSON.stringify({ max_seq_length: 8 }));
  return directory;
}

describe('loadOnnxBiEncoderSystem', () => {
  it('scores like the tfjs SentenceEmbedder of the same directory, whatever the batch and its order', async () => {
    const directory = await encoderDirectory();
    // Unknown words become [UNK]; the label template's words are unknown too, which is fine here.
    const texts = ['t17 t45 t9', 't60 t61 t7 t62 t70 t71 t72 t73 t74', 't88', 't5 t6'];
    const labels = [['t10', 't11'], ['t12', 't10', 't13'], ['t11'], ['t13', 't12']];
    const system = await loadOnnxBiEncoderSystem(directory, { batchSize: 3 });
    const scores = await system.classify(texts, labels, { multiLabel: false });
    expect(scores.map((row) => row.length)).toEqual([2, 3, 1, 2]);
    const alone = await system.classify([texts[1]!], [labels[1]!], { multiLabel: false });
    alone[0]!.forEach((score, index) => expect(score).toBeCloseTo(scores[1]![index]!, 5));
    expect(system.describe().settings).toMatchObject({ pooling: 'mean', normalize: true, maxTokens: 8 });
    await system.dispose();
    await selectBackend({ backend: 'cpu' });
    const reference = await SentenceEmbedder.load({ encoder: directory });
    const expected = await reference.cosineScores(texts, labels);
    reference.dispose();
    expected.forEach((row, text) => row.forEach((score, label) => expect(Math.abs(score - scores[text]![label]!)).toBeLessThan(1e-5)));
  });
});
