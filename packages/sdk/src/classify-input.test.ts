import { InvalidArgumentError } from '@gliznet/common';
import { describe, expect, it } from 'vitest';
import { normalizeClassifyInput } from './classify-input.js';
import { resolveClassifyOptions } from './classify-options.js';
import { DEFAULT_GLIZNET_SETTINGS } from '@gliznet/common';

const sep = { separator: ';' };

describe('normalizeClassifyInput', () => {
  it('accepts one text, many texts with shared labels, and per-text label lists', () => {
    expect(normalizeClassifyInput('t', ['a', 'b'], sep)).toEqual({ texts: ['t'], labelLists: [['a', 'b']], single: true });
    expect(normalizeClassifyInput(['t', 'u'], ['a'], sep)).toEqual({ texts: ['t', 'u'], labelLists: [['a'], ['a']], single: false });
    expect(normalizeClassifyInput(['t', 'u'], [['a'], ['b', 'c']], sep).labelLists).toEqual([['a'], ['b', 'c']]);
  });
  it('names the bad value', () => {
    const cases: [unknown, unknown, RegExp][] = [
      [42, ['a'], /text must be a string/],
      [['ok', 3], ['a'], /texts\[1\] must be a string/],
      ['t', [], /labels must be a non-empty array of label strings, got an empty array/],
      ['t', 'a', /labels must be an array of strings \(or one array per text\), got string/],
      ['t', ['a', ''], /labels\[1\] is empty or whitespace/],
      ['t', ['a', 3], /labels\[1\] must be a string, got number/],
      ['t', ['a', 'b', 'a'], /labels\[2\] "a" repeats labels\[0\]/],
      ['t', ['Sports', ' sports '], /labels\[1\] " sports " repeats labels\[0\] "Sports"/],
      ['t', ['a;b'], /labels\[0\] "a;b" contains the model's label separator ";"/],
      [['ok', '  '], ['a'], /texts\[1\] is empty/],
      [['ok', 'fine'], [['a'], ['b', 'B']], /labels\[1\]\[1\] "B" repeats labels\[1\]\[0\]/],
      [['t', 'u'], [['a']], /1 label lists for 2 texts/],
      ['t', [['a']], /one text was given/],
    ];
    for (const [text, labels, message] of cases) {
      expect(() => normalizeClassifyInput(text, labels, sep)).toThrow(message);
      expect(() => normalizeClassifyInput(text, labels, sep)).toThrow(InvalidArgumentError);
    }
  });
});

describe('resolveClassifyOptions', () => {
  const settings = { ...DEFAULT_GLIZNET_SETTINGS, threshold: 0.4, maxLength: 128 };
  it('applies the model defaults', () => {
    expect(resolveClassifyOptions({}, settings)).toEqual({ multiLabel: false, threshold: undefined, topK: undefined, maxLength: 128, batchSize: 32, maxLabelsPerPass: settings.maxLabels, labelOrder: 'canonical', longText: 'truncate', chunkTokens: 64, strideTokens: 16 });
    expect(resolveClassifyOptions({ multiLabel: true }, settings).threshold).toBe(0.4);
    expect(resolveClassifyOptions({ multiLabel: true, threshold: 0.9 }, settings).threshold).toBe(0.9);
    expect(resolveClassifyOptions({ maxLabelsPerPass: 64 }, settings).maxLabelsPerPass).toBe(64);
  });
  it('rejects bad and unknown options', () => {
    expect(() => resolveClassifyOptions({ threshold: 2 }, settings)).toThrow(/threshold/);
    expect(() => resolveClassifyOptions({ topK: 0 }, settings)).toThrow(/topK/);
    expect(() => resolveClassifyOptions({ longText: 'chunk', chunkTokens: 8, strideTokens: 8 }, settings)).toThrow(/strideTokens/);
    expect(() => resolveClassifyOptions({ multi_label: true } as never, settings)).toThrow(/unknown classify option multi_label/);
  });
});
