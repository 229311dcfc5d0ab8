import { copyFile, mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ModelLoadError } from '@gliznet/common';
import { createTinyModelConfig } from '@gliznet/common/testing';
import { bundledTokenizerPath, GliznetTokenizer } from '@gliznet/tokenizer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from './backend.js';
import { GliznetModel } from './gliznet-model.js';
import { SentenceEmbedder } from './sentence-embedder.js';

let embedder: SentenceEmbedder;

beforeAll(async () => {
  await selectBackend({ backend: 'cpu' });
  embedder = await SentenceEmbedder.load({ batchSize: 2 });
});

afterAll(() => embedder.dispose());

function dot(a: Float32Array, b: Float32Array): number {
  return a.reduce((sum, value, index) => sum + value * b[index]!, 0);
}

describe('SentenceEmbedder (pretrained USE-Lite)', () => {
  it('gives unit vectors, the same for a sentence whatever its batch', async () => {
    const sentences = ['The match ended in a draw.', 'Interest rates rose again.', 'Bake the bread for an hour.'];
    const vectors = await embedder.embed(sentences); // batches of 2 and 1
    expect(vectors.map((vector) => vector.length)).toEqual([512, 512, 512]);
    for (const vector of vectors) expect(Math.sqrt(dot(vector, vector))).toBeCloseTo(1, 4);
    const [alone] = await embedder.embed([sentences[2]!]);
    expect(dot(alone!, vectors[2]!)).toBeCloseTo(1, 4);
  });

  it('scores each text against its own labels by the cosine with "This text is about {label}."', async () => {
    const texts = ['The striker scored twice in the final.', 'The central bank raised interest rates.'];
    const labels = [['sports', 'finance'], ['finance', 'sports', 'cooking']];
    const scores = await embedder.cosineScores(texts, labels);
    expect(scores.map((row) => row.length)).toEqual([2, 3]);
    const [text] = await embedder.embed([texts[1]!]);
    const [finance] = await embedder.embed(['This text is about finance.']);
    expect(scores[1]![0]).toBeCloseTo(dot(text!, finance!), 4);
    expect(scores[0]![0]).toBeGreaterThan(scores[0]![1]!);
    expect(scores[1]![0]).toBeGreaterThan(Math.max(scores[1]![1]!, scores[1]![2]!));
  });
});

describe('SentenceEmbedder (a sentence-transformers BERT directory)', () => {
  const fixture = join(import.meta.dirname, 'encoders', 'bert', '__fixtures__', 'tiny-bert');

  /** The tiny BERT checkpoint with a word-level tokenizer ("t5 t17 ..." -> ids) and the given pooling files. */
  async function encoderDirectory(pooling: Record<string, unknown>, maxSeqLength: number): Promise<string> {
    const directory = await mkdtemp(join(tmpdir(), 'gliznet-embedder-'));
    await copyFile(join(fixture, 'config.json'), join(directory, 'config.json'));
    await copyFile(join(fixture, 'model.safetensors'), join(directory, 'model.safetensors'));
    const vocab: Record<string, number> = { '[PAD]': 0, '[UNK]': 1, '[CLS]': 2, '[SEP]': 3, '[MASK]': 4 };
    for (let id = 5; id < 100; id++) vocab[`t${id}`] = id;
    const tokenizer = { version: '1.0', truncation: null, padding: null, added_tokens: [], normalizer: null, pre_tokenizer: { type: 'WhitespaceSplit' }, post_processor: null, decoder: null, model: { type: 'WordLevel', vocab, unk_token: '[UNK]' } };
    await writeFile(join(directory, 'tokenizer.json'), JSON.stringify(tokenizer));
    await mkdir(join(directory, '1_Pooling'));
    await writeFile(join(directory, '1_Pooling', 'config.json'), JSON.stringify(pooling));
    await writeFile(join(directory, 'modules.json'), JSON.stringify([{ type: 'sentence_transformers.models.Pooling' }, { type: 'sentence_transformers.models.Normalize' }]));
    await writeFile(join(directory, 'sentence_bert_config.json'), JSON.stringify({ max_seq_length: maxSeqLength }));
    return directory;
  }

  /** Expected vectors from the model's own token states: pool [CLS] ids [SEP] by hand in float64, then L2-normalise. */
  async function expected(directory: string, ids: number[], pooling: 'mean' | 'cls'): Promise<number[]> {
    const model = await GliznetModel.fromPretrainedEncoder(directory, { settings: { sentenceHead: false, similarity: 'dot', labelPooling: 'mean', textPooling: 'mean' } });
    const sequence = [2, ...ids, 3];
    const { hiddenStates } = model.encode({ inputIds: sequence, attentionMask: sequence.map(() => 1), batchSize: 1, sequenceLength: sequence.length });
    const states = Array.from(await hiddenStates.data());
    hiddenStates.dispose();
    model.dispose();
    const width = states.length / sequence.length;
    const pooled = Array.from({ length: width }, (_, channel) =>
      pooling === 'cls' ? states[channel]! : sequence.reduce((sum, _, position) => sum + states[position * width + channel]!, 0) / sequence.length,
    );
    const norm = Math.sqrt(pooled.reduce((sum, value) => sum + value * value, 0));
    return pooled.map((value) => value / norm);
  }

  it('mean-pools [CLS] text [SEP], normalises, cuts at max_seq_length, and does not depend on the batch', async () => {
    const directory = await encoderDirectory({ pooling_mode_mean_tokens: true }, 6);
    const bert = await SentenceEmbedder.load({ encoder: directory, batchSize: 2 });
    const vectors = await bert.embed(['t17 t45 t9', 't60 t61 t7 t62 t70 t71 t72', 't88']); // the second is cut to 4 tokens + 2 specials
    expect(vectors.map((vector) => vector.length)).toEqual([32, 32, 32]);
    const close = (actual: Float32Array, wanted: number[]): void => wanted.forEach((value, index) => expect(actual[index]).toBeCloseTo(value, 5));
    close(vectors[0]!, await expected(directory, [17, 45, 9], 'mean'));
    close(vectors[1]!, await expected(directory, [60, 61, 7, 62], 'mean'));
    const [alone] = await bert.embed(['t88']);
    close(alone!, Array.from(vectors[2]!));
    bert.dispose();
  });

  it('takes the [CLS] row when the pooling file says so', async () => {
    const directory = await encoderDirectory({ pooling_mode_cls_token: true }, 16);
    const bert = await SentenceEmbedder.load({ encoder: directory });
    const [vector] = await bert.embed(['t5 t6 t99 t12']);
    (await expected(directory, [5, 6, 99, 12], 'cls')).forEach((value, index) => expect(vector![index]).toBeCloseTo(value, 5));
    bert.dispose();
  });
});

describe('SentenceEmbedder (a model directory of another encoder family)', () => {
  it('reads a use-lite directory with USE-Lite\'s own head and tokens, not as a BERT checkpoint', async () => {
    const directory = await mkdtemp(join(tmpdir(), 'gliznet-embedder-use-lite-'));
    const config = createTinyModelConfig({ encoder: 'use-lite', vocabSize: 8002, hiddenSize: 32, numAttentionHeads: 2 });
    const model = GliznetModel.random(config, { seed: 7, tokenizerPath: bundledTokenizerPath('use-lite') });
    await model.save(directory);
    const embedder = await SentenceEmbedder.load({ encoder: directory }); // no 1_Pooling/config.json: a BERT reading would refuse it
    const sentence = 'The match ended in a draw.';
    const [vector] = await embedder.embed([sentence]);
    const ids = (await (await GliznetTokenizer.bundled('use-lite')).encodeTexts([sentence]))[0]!.ids;
    expect(await embedder.tokenIds([sentence])).toEqual([ids]); // no [CLS] / [SEP] added
    const wanted = model.sentenceEmbeddings({ inputIds: ids, attentionMask: ids.map(() => 1), batchSize: 1, sequenceLength: ids.length });
    Array.from(await wanted.data()).forEach((value, index) => expect(vector![index]).toBeCloseTo(value, 5));
    wanted.dispose();
    model.dispose();
    embedder.dispose();
  });

  it('an unknown gliznet.encoder is an error naming it, not a BERT reading', async () => {
    const directory = await mkdtemp(join(tmpdir(), 'gliznet-embedder-unknown-'));
    await writeFile(join(directory, 'config.json'), JSON.stringify({ model_type: 'bert', hidden_size: 32, gliznet: { encoder: 'roberta' } }));
    const error = await SentenceEmbedder.load({ encoder: directory }).catch((caught: unknown) => caught);
    expect(ModelLoadError.isInstance(error)).toBe(true);
    expect((error as Error).message).toContain('"roberta"');
  });
});
