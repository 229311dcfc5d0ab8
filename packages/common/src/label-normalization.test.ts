import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from './errors.js';
import { canonicalLabelOrder, normalizeLabel, validateLabelList, validateLabelText } from './label-normalization.js';

describe('label normalisation', () => {
  it('folds case, width and whitespace', () => {
    expect(normalizeLabel('  ＳＰＯＲＴＳ   news ')).toBe('sports news');
    expect(normalizeLabel('Sports\t\nNews')).toBe('sports news');
    expect(normalizeLabel('find_restaurants')).toBe('find_restaurants'); // underscores are text
  });

  it('orders labels by normalised text, whatever order they come in', () => {
    const labels = ['world', 'Business', 'science and technology', 'sports'];
    const order = canonicalLabelOrder(labels);
    expect(order.map((index) => labels[index])).toEqual(['Business', 'science and technology', 'sports', 'world']);
    const reversed = [...labels].reverse();
    expect(canonicalLabelOrder(reversed).map((index) => reversed[index])).toEqual(['Business', 'science and technology', 'sports', 'world']);
  });
});

describe('validateLabelList', () => {
  const separator = { separator: ' ; ' };

  it('accepts distinct non-blank labels', () => {
    expect(() => validateLabelList(['sports', 'sports news', 'politics'], 'labels', separator)).not.toThrow();
  });

  it('names the bad value with one wording for every package', () => {
    const cases: [unknown, string, string, RegExp][] = [
      ['sports', 'labels', 'labels', /^labels must be a non-empty array of label strings, got string$/],
      [null, 'labels', 'labels', /got null$/],
      [[], 'labels', 'labels', /^labels must be a non-empty array of label strings, got an empty array; pass at least one candidate label$/],
      [['a', 7], 'labels', 'labels[1]', /^labels\[1\] must be a string, got number$/],
      [['a', ' \t '], 'labels', 'labels[1]', /^labels\[1\] is empty or whitespace \(" \\t "\); remove it or give it text$/],
      [['a', 'b;c'], 'labels', 'labels[1]', /^labels\[1\] "b;c" contains the model's label separator ";" \(config\.json gliznet\.separator\); rephrase the label$/],
      [['a', 'ｂ；c'], 'labels', 'labels[1]', /separator ";"/], // compared after NFKC
      [['Sports  News', 'x', ' sports news '], 'labels[4]', 'labels[4][2]', /^labels\[4\]\[2\] " sports news " repeats labels\[4\]\[0\] "Sports {2}News" \(compared ignoring case and spacing\); remove duplicate labels$/],
      [['sports', 'ＳＰＯＲＴＳ'], 'labels', 'labels[1]', /repeats labels\[0\]/],
    ];
    for (const [labels, argument, named, message] of cases) {
      let caught: unknown;
      try {
        validateLabelList(labels, argument, separator);
      } catch (error) {
        caught = error;
      }
      expect(InvalidArgumentError.isInstance(caught), JSON.stringify(labels)).toBe(true);
      expect((caught as InvalidArgumentError).argument).toBe(named);
      expect((caught as Error).message).toMatch(message);
    }
  });

  it('shortens long labels in messages', () => {
    const long = `${'x'.repeat(80)}`;
    expect(() => validateLabelList([long, long.toUpperCase()], 'labels', separator)).toThrow(`labels[1] "${'X'.repeat(57)}..." repeats labels[0] "${'x'.repeat(57)}..."`);
  });

  it('checks a single label the same way', () => {
    expect(() => validateLabelText('', 'labels[3]')).toThrow(/^labels\[3\] is empty or whitespace/);
    expect(() => validateLabelText(undefined, 'labels[3]')).toThrow(/^labels\[3\] must be a string, got undefined$/);
  });
});
