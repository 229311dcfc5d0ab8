import { InvalidArgumentError } from '@gliznet/common';
import { describe, expect, it } from 'vitest';
import { splitIntoWindows, wordSpans, type TextUnit } from './text-windows.js';

function unitTokens(text: string): TextUnit[] {
  return wordSpans(text).map((span) => ({ ...span, tokens: 1 }));
}

describe('splitIntoWindows', () => {
  const text = 'w0 w1 w2 w3 w4 w5 w6 w7 w8 w9';
  const spans = unitTokens(text);

  it('returns the whole text when it fits', () => {
    expect(splitIntoWindows(text, spans, { chunkTokens: 10, strideTokens: 2 })).toEqual([{ text, firstUnit: 0, endUnit: 10 }]);
  });

  it('makes overlapping windows that cover every token and end at the last token', () => {
    const windows = splitIntoWindows(text, spans, { chunkTokens: 4, strideTokens: 1 });
    expect(windows.map((window) => window.text)).toEqual(['w0 w1 w2 w3', 'w3 w4 w5 w6', 'w6 w7 w8 w9']);
    const uneven = splitIntoWindows(text, spans, { chunkTokens: 4, strideTokens: 2 });
    expect(uneven.map((window) => [window.firstUnit, window.endUnit])).toEqual([[0, 4], [2, 6], [4, 8], [6, 10]]);
    const noOverlap = splitIntoWindows(text, spans, { chunkTokens: 3, strideTokens: 0 });
    expect(noOverlap.map((window) => window.text)).toEqual(['w0 w1 w2', 'w3 w4 w5', 'w6 w7 w8', 'w9']);
  });

  it('never splits a word, counts tokens per word, and gives an oversized word its own window', () => {
    const words = 'aa bbbb c dddddddd e f';
    const units = wordSpans(words).map((span) => ({ ...span, tokens: span.end - span.start }));
    const windows = splitIntoWindows(words, units, { chunkTokens: 6, strideTokens: 1 });
    expect(windows.map((window) => window.text)).toEqual(['aa bbbb', 'c', 'dddddddd', 'e f']);
  });

  it('rejects a stride that is not smaller than the window', () => {
    expect(() => splitIntoWindows(text, spans, { chunkTokens: 4, strideTokens: 4 })).toThrow(InvalidArgumentError);
    expect(() => splitIntoWindows(text, spans, { chunkTokens: 0, strideTokens: 0 })).toThrow(/chunkTokens/);
  });
});
