import { InputTooLongError } from '@gliznet/common';
import { describe, expect, it } from 'vitest';
import { countLabelsThatFit, labelSegmentLength, planTextWindow } from './sequence-window.js';

describe('labelSegmentLength', () => {
  it('adds a separator between consecutive labels only', () => {
    expect(labelSegmentLength([2, 1, 3], 1)).toBe(8);
    expect(labelSegmentLength([4], 2)).toBe(4);
    expect(labelSegmentLength([], 1)).toBe(0);
  });
});

describe('countLabelsThatFit', () => {
  it('counts leading labels whose tokens and separators fit the budget', () => {
    expect(countLabelsThatFit([2, 2, 2], 1, 5)).toBe(2);
    expect(countLabelsThatFit([2, 2, 2], 1, 4)).toBe(1);
    expect(countLabelsThatFit([3], 1, 2)).toBe(0);
  });
});

describe('planTextWindow', () => {
  const base = { separatorLength: 1, minTextTokens: 8, labelsArgument: 'labels' };

  it('keeps the whole text when everything fits', () => {
    expect(planTextWindow({ ...base, textLength: 10, labelLengths: [1, 2], maxLength: 20 })).toEqual({ keptTextTokens: 10, truncated: false });
  });

  it('cuts the text to make room for every label', () => {
    // 3 specials + labels 1 + 2 + one separator: 7 tokens, 13 left for text.
    expect(planTextWindow({ ...base, textLength: 50, labelLengths: [1, 2], maxLength: 20 })).toEqual({ keptTextTokens: 13, truncated: true });
  });

  it('keeps at least minTextTokens, then refuses with how many labels fit', () => {
    // maxLength 20: 3 specials + 8 text leave 9 for labels; labels of 3 tokens with separators: 3, 7, 11.
    let error: unknown;
    try {
      planTextWindow({ ...base, textLength: 30, labelLengths: [3, 3, 3, 3], maxLength: 20 });
    } catch (caught) {
      error = caught;
    }
    expect(InputTooLongError.isInstance(error)).toBe(true);
    expect((error as InputTooLongError).labelsThatFit).toBe(2);
    expect((error as Error).message).toMatch(/first 2 label\(s\) fit/);
  });

  it('requires only the text it has when the text is shorter than minTextTokens', () => {
    expect(planTextWindow({ ...base, textLength: 2, labelLengths: [5, 5], maxLength: 16 })).toEqual({ keptTextTokens: 2, truncated: false });
  });
});
