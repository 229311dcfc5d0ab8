import { describe, expect, it } from 'vitest';
import { canonicalLabelOrder, normalizeLabel } from './label-normalization.js';

describe('label normalisation', () => {
  it('folds case, width and whitespace', () => {
    expect(normalizeLabel('  ＳＰＯＲＴＳ   news ')).toBe('sports news');
  });

  it('orders labels by normalised text, whatever order they come in', () => {
    const labels = ['world', 'Business', 'science and technology', 'sports'];
    const order = canonicalLabelOrder(labels);
    expect(order.map((index) => labels[index])).toEqual(['Business', 'science and technology', 'sports', 'world']);
    const reversed = [...labels].reverse();
    expect(canonicalLabelOrder(reversed).map((index) => reversed[index])).toEqual(['Business', 'science and technology', 'sports', 'world']);
  });
});
