import { ConfigurationError, type LabelAttention } from '@gliznet/common';
import { createTinyModelConfig } from '@gliznet/common/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../backend.js';
import { GliznetModel } from '../gliznet-model.js';
import { tinyBatch } from '../testing/tiny-batch.js';
import * as tf from '../tf.js';
import { labelAttentionBias, labelPositionIds } from './label-segments.js';

beforeAll(async () => {
  await selectBackend({ backend: 'cpu' });
});

function logits(mode: LabelAttention, encoder: 'use-lite' | 'bert', rows: Parameters<typeof tinyBatch>[0]): number[][] {
  const model = GliznetModel.random(createTinyModelConfig({ encoder, labelAttention: mode, labelPooling: 'mean', textPooling: 'mean', similarity: 'cosine', vocabSize: 40 }), { seed: 5 });
  try {
    const output = model.forward(tinyBatch(rows));
    const values = output.logits.arraySync() as number[][];
    output.logits.dispose();
    output.labelMask.dispose();
    return values;
  } finally {
    model.dispose();
  }
}

// Label 1 is the same in both rows; label 2 differs in content (same length, so positions agree).
const text = [11, 12, 13];
const rows = [
  { text, labels: [[20, 21], [22, 23]] },
  { text, labels: [[20, 21], [30, 31]] },
];

describe('label_attention', () => {
  for (const encoder of ['use-lite', 'bert'] as const) {
    it(`${encoder}: with all, a label's score depends on the other labels (the test can tell)`, () => {
      const [first, second] = logits('all', encoder, rows);
      expect(Math.abs(first![0]! - second![0]!)).toBeGreaterThan(1e-4);
    });

    for (const mode of ['text-and-self', 'self'] as const) {
      it(`${encoder}: with ${mode}, a label's score ignores the other labels`, () => {
        const [first, second] = logits(mode, encoder, rows);
        expect(second![0]).toBeCloseTo(first![0]!, 5);
        expect(Math.abs(first![1]! - second![1]!)).toBeGreaterThan(1e-4);
      });
    }

  }

  it('builds the documented pattern: text side, own label, itself; never padding', () => {
    // [CLS] t [SEP] a a ; b [SEP] <pad>: segments 0 0 0 1 1 -1 2 -1, last position padding.
    const lmask = Int32Array.from([0, 0, 0, 1, 1, 0, 2, 0, 0]);
    const tokenTypeIds = tf.tensor2d([[0, 0, 0, 1, 1, 1, 1, 1, 0]], [1, 9], 'int32');
    const attentionMask = tf.tensor2d([[1, 1, 1, 1, 1, 1, 1, 1, 0]], [1, 9], 'float32');
    const allowed = (mode: 'text-and-self' | 'self'): string[] => {
      const bias = labelAttentionBias(lmask, tokenTypeIds, attentionMask, { mode, batchSize: 1, sequenceLength: 9 });
      const rows = (bias.arraySync() as number[][][][])[0]![0]!;
      bias.dispose();
      return rows.map((row) => row.map((value) => (value === 0 ? '1' : '.')).join(''));
    };
    expect(allowed('text-and-self')).toEqual([
      '111......', '111......', '111......', // text side: text only
      '11111....', '11111....', // label 1: text + its own tokens
      '111..1...', // separator: text + itself
      '111...1..', // label 2
      '111....1.', // final [SEP]
      '111......', // padding query (type 0): text side; the padded key is never visible
    ]);
    expect(allowed('self')).toEqual(['111......', '111......', '111......', '...11....', '...11....', '.....1...', '......1..', '.......1.', '111......']);
    tf.dispose([tokenTypeIds, attentionMask]);
  });

  it('label positions: after-text counts each label from the text length, from-zero from 0', () => {
    // [CLS] t [SEP] a a ; b [SEP] <pad>
    const lmask = Int32Array.from([0, 0, 0, 1, 1, 0, 2, 0, 0]);
    expect(Array.from(labelPositionIds(lmask, { mode: 'after-text', batchSize: 1, sequenceLength: 9 }))).toEqual([0, 1, 2, 3, 4, 3, 3, 3, 3]);
    expect(Array.from(labelPositionIds(lmask, { mode: 'from-zero', batchSize: 1, sequenceLength: 9 }))).toEqual([0, 1, 2, 0, 1, 0, 0, 0, 0]);
  });

  for (const encoder of ['use-lite', 'bert'] as const) {
    it(`${encoder}: text-and-self with after-text scores each label the same wherever it stands in the list`, () => {
      const model = GliznetModel.random(
        createTinyModelConfig({ encoder, labelAttention: 'text-and-self', labelPositions: 'after-text', labelPooling: 'mean', textPooling: 'mean', similarity: 'cosine', vocabSize: 40 }),
        { seed: 9 },
      );
      try {
        const labels = [[20, 21, 22], [23], [24, 25]];
        const output = model.forward(tinyBatch([{ text, labels }, { text, labels: [labels[2]!, labels[0]!, labels[1]!] }]));
        const [first, second] = output.logits.arraySync() as number[][];
        tf.dispose([output.logits, output.labelMask]);
        expect(second![1]).toBeCloseTo(first![0]!, 5);
        expect(second![2]).toBeCloseTo(first![1]!, 5);
        expect(second![0]).toBeCloseTo(first![2]!, 5);
      } finally {
        model.dispose();
      }
    });
  }

  it('needs mean label pooling', () => {
    expect(() => GliznetModel.random(createTinyModelConfig({ labelAttention: 'self', labelPooling: 'attention' }))).toThrow(ConfigurationError);
    expect(() => GliznetModel.random(createTinyModelConfig({ labelAttention: 'self', labelPooling: 'attention' }))).toThrow(/label_attention "self" needs gliznet.label_pooling "mean"/);
  });
});
