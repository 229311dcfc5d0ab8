import { describe, expect, it } from 'vitest';
import { createSeededRandom } from '@gliznet/common';
import { normalizeLabel } from '@gliznet/tokenizer';
import { sampleTrainingExample } from './example-sampler.js';
import { LabelPool } from './label-pool.js';

const pool = Array.from({ length: 60 }, (_, index) => `label ${index}`);

describe('sampleTrainingExample', () => {
  it('keeps every positive, never uses a positive as a negative, and respects maxLabels', () => {
    const random = createSeededRandom(1);
    for (let trial = 0; trial < 200; trial++) {
      const example = sampleTrainingExample({ text: 't', labels: ['label 3', 'label 7'], negatives: ['label 4', 'Label 3', 'label 9'] }, pool, random, { maxLabels: 8 });
      expect(example.labels.length).toBeLessThanOrEqual(8);
      expect(example.labels.length).toBeGreaterThanOrEqual(4);
      expect(example.targets.filter((target) => target === 1)).toHaveLength(2);
      const keys = example.labels.map(normalizeLabel);
      expect(new Set(keys).size).toBe(keys.length);
      example.labels.forEach((label, index) => {
        if (normalizeLabel(label) === 'label 3' || label === 'label 7') expect(example.targets[index]).toBe(1);
        else expect(example.targets[index]).toBe(0);
      });
    }
  });

  it('shuffles label order so positives appear in every position', () => {
    const random = createSeededRandom(2);
    const positions = new Set<number>();
    for (let trial = 0; trial < 300; trial++) {
      const example = sampleTrainingExample({ text: 't', labels: ['label 1'] }, pool, random, { maxLabels: 5, labelCount: 'max' });
      positions.add(example.targets.indexOf(1));
    }
    expect([...positions].sort()).toEqual([0, 1, 2, 3, 4]);
  });

  it('prefers hard negatives up to their share and subsamples too many positives', () => {
    const random = createSeededRandom(3);
    const hard = ['h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'h7', 'h8'];
    const example = sampleTrainingExample({ text: 't', labels: ['p'], negatives: hard }, pool, random, { maxLabels: 11, labelCount: 'max', hardNegativeShare: 0.6 });
    expect(example.labels.filter((label) => hard.includes(label))).toHaveLength(6);
    const crowded = sampleTrainingExample({ text: 't', labels: pool.slice(0, 30) }, pool.slice(30), random, { maxLabels: 10, minNegatives: 3 });
    expect(crowded.targets.filter((target) => target === 1)).toHaveLength(7);
    expect(crowded.targets.filter((target) => target === 0).length).toBeGreaterThanOrEqual(3);
  });

  it('is deterministic for a given generator state and validates options', () => {
    const record = { text: 't', labels: ['label 1'], negatives: ['label 2'] };
    expect(sampleTrainingExample(record, pool, createSeededRandom(9))).toEqual(sampleTrainingExample(record, pool, createSeededRandom(9)));
    expect(() => sampleTrainingExample(record, pool, createSeededRandom(1), { maxLabels: 1 })).toThrow(/maxLabels/);
  });

  it('draws random negatives only from other sources when given a LabelPool (tasks of one corpus never mix)', () => {
    const records = [
      { text: 'a', labels: ['hate speech'], negatives: ['not hate speech'], source: 'tweets' },
      { text: 'b', labels: ['ironic'], negatives: ['not ironic'], source: 'tweets' },
      ...Array.from({ length: 40 }, (_, index) => ({ text: `n${index}`, labels: [`topic ${index}`], source: 'news' })),
    ];
    const labelPool = new LabelPool(records);
    const random = createSeededRandom(4);
    for (let trial = 0; trial < 200; trial++) {
      const example = sampleTrainingExample(records[0]!, labelPool, random, { maxLabels: 10, labelCount: 'max' });
      expect(example.labels).not.toContain('ironic');
      expect(example.labels).not.toContain('not ironic');
      expect(example.labels).toContain('not hate speech');
      expect(example.labels).toHaveLength(10);
    }
    // A plain list keeps the old behaviour: any label of the pool.
    const seen = new Set<string>();
    for (let trial = 0; trial < 200; trial++) for (const label of sampleTrainingExample(records[0]!, labelPool.labels, random, { maxLabels: 10 }).labels) seen.add(label);
    expect(seen.has('ironic')).toBe(true);
  });
});
