import { InputTooLongError } from '@gliznet/common';
import { describe, expect, it } from 'vitest';
import { planLabelChunkRanges } from './label-chunks.js';
import { labelSegmentLength, SPECIAL_TOKENS_PER_SEQUENCE } from './sequence-window.js';

const base = { separatorLength: 1, minTextTokens: 8, labelsArgument: 'labels' };

describe('planLabelChunkRanges', () => {
  it('keeps a list that fits in one chunk', () => {
    expect(planLabelChunkRanges({ ...base, textLength: 10, labelLengths: [1, 2, 3], maxLength: 64, reservedTextTokens: 10 })).toEqual([[0, 3]]);
  });

  it('splits 320 labels into consecutive chunks that each fit beside the reserved text', () => {
    const labelLengths = Array.from({ length: 320 }, (_, index) => 1 + (index % 4));
    const maxLength = 128;
    const reservedTextTokens = 40;
    const ranges = planLabelChunkRanges({ ...base, textLength: 100, labelLengths, maxLength, reservedTextTokens });
    expect(ranges.length).toBeGreaterThan(1);
    expect(ranges[0]![0]).toBe(0);
    expect(ranges.at(-1)![1]).toBe(320);
    for (const [index, [start, end]] of ranges.entries()) {
      expect(end).toBeGreaterThan(start);
      if (index > 0) expect(start).toBe(ranges[index - 1]![1]);
      const used = labelSegmentLength(labelLengths.slice(start, end), 1);
      expect(used + reservedTextTokens + SPECIAL_TOKENS_PER_SEQUENCE).toBeLessThanOrEqual(maxLength);
      // Greedy: the next label would not have fitted.
      if (end < 320) expect(used + 1 + labelLengths[end]! + reservedTextTokens + SPECIAL_TOKENS_PER_SEQUENCE).toBeGreaterThan(maxLength);
    }
  });

  it('gives an oversized label its own chunk when it fits beside the minimum text', () => {
    const ranges = planLabelChunkRanges({ ...base, textLength: 100, labelLengths: [2, 30, 2], maxLength: 48, reservedTextTokens: 30 });
    expect(ranges).toEqual([[0, 1], [1, 2], [2, 3]]);
  });

  it('throws InputTooLongError naming a label that cannot fit at all', () => {
    expect(() => planLabelChunkRanges({ ...base, textLength: 100, labelLengths: [2, 40], maxLength: 48, reservedTextTokens: 30 })).toThrow(InputTooLongError);
    try {
      planLabelChunkRanges({ ...base, textLength: 100, labelLengths: [2, 40], maxLength: 48, reservedTextTokens: 30 });
    } catch (error) {
      expect((error as InputTooLongError).argument).toBe('labels[1]');
    }
  });
});
