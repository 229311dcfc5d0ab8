/**
 * scoreTexts on a tiny random model whose label scores do not depend on the other labels
 * (text-and-self attention, after-text positions): split over several passes, every label must get
 * the same logit in any label order, because every pass reads the same cut of a long text.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { GliznetModel, createTinyModelConfig, selectBackend } from '@gliznet/core';
import { GliznetTokenizer, bundledTokenizerPath } from '@gliznet/tokenizer';
import { scoreTexts } from './score-texts.js';

beforeAll(async () => {
  await selectBackend({ backend: 'cpu' });
});

describe('scoreTexts', () => {
  it('gives each label the same logit in any order when its labels take several passes', async () => {
    const config = createTinyModelConfig({
      encoder: 'bert',
      vocabSize: 30522,
      hiddenSize: 32,
      intermediateSize: 48,
      numAttentionHeads: 4,
      maxPositionEmbeddings: 64,
      labelAttention: 'text-and-self',
      labelPositions: 'after-text',
      labelPooling: 'mean',
      textPooling: 'mean',
      similarity: 'cosine',
    });
    const model = GliznetModel.random(config, { seed: 4, tokenizerPath: bundledTokenizerPath('bert-base-uncased') });
    const tokenizer = await GliznetTokenizer.bundled('bert-base-uncased', { maxLength: 48 });
    try {
      const text = Array.from({ length: 60 }, (_, index) => ['the', 'match', 'ended', 'late', 'in', 'rain'][index % 6]).join(' ');
      const labels = ['sports', 'weather report', 'music and dance', 'politics', 'food', 'travel plans abroad', 'science', 'money'];
      const logitsOf = async (order: string[]) => {
        const [row] = await scoreTexts(model, tokenizer, [text], order, { maxLabelsPerPass: 3 });
        return new Map(order.map((label, index) => [label, row![index]!]));
      };
      const reference = await logitsOf(labels);
      for (const order of [[...labels].reverse(), [...labels.slice(3), ...labels.slice(0, 3)]]) {
        const logits = await logitsOf(order);
        for (const label of labels) expect(logits.get(label)!, label).toBeCloseTo(reference.get(label)!, 5);
      }
      expect(new Set([...reference.values()].map((value) => value.toFixed(4))).size).toBeGreaterThan(1);
    } finally {
      model.dispose();
    }
  });
});
