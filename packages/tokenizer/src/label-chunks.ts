/**
 * Splits a label list into consecutive groups that each fit in one window beside the text (pure
 * arithmetic on token counts), so any number of labels can be scored in several passes.
 */
import { InputTooLongError } from '@gliznet/common';
import { SPECIAL_TOKENS_PER_SEQUENCE } from './sequence-window.js';

export interface LabelChunkInput {
  textLength: number;
  labelLengths: readonly number[];
  separatorLength: number;
  maxLength: number;
  minTextTokens: number;
  /** Text tokens each chunk keeps room for (clamped to [min(textLength, minTextTokens), textLength]). */
  reservedTextTokens: number;
  /** Names the labels in errors. */
  labelsArgument: string;
}

/**
 * Chunk boundaries as `[start, end)` index pairs, in order, covering every label once. A chunk is
 * filled greedily while its labels fit beside `reservedTextTokens` text tokens; a label too long for
 * that gets a chunk of its own if it fits beside the minimum text; otherwise InputTooLongError.
 */
export function planLabelChunkRanges(input: LabelChunkInput): [number, number][] {
  const { textLength, labelLengths, separatorLength, maxLength } = input;
  const minimumText = Math.min(textLength, input.minTextTokens);
  const reserved = Math.min(textLength, Math.max(minimumText, input.reservedTextTokens));
  const capacity = maxLength - SPECIAL_TOKENS_PER_SEQUENCE - reserved;
  const largestCapacity = maxLength - SPECIAL_TOKENS_PER_SEQUENCE - minimumText;
  const ranges: [number, number][] = [];
  let start = 0;
  let used = 0;
  for (let index = 0; index < labelLengths.length; index++) {
    const length = labelLengths[index]!;
    if (length > largestCapacity) {
      throw new InputTooLongError(
        `${input.labelsArgument}[${index}]`,
        `${input.labelsArgument}[${index}] takes ${length} tokens, but beside ${minimumText} text tokens only ${Math.max(0, largestCapacity)} fit in maxLength ${maxLength}; shorten the label or raise maxLength.`,
        { labelsThatFit: 0 },
      );
    }
    const cost = index === start ? length : used + separatorLength + length;
    if (index > start && cost > capacity) {
      ranges.push([start, index]);
      start = index;
      used = length;
    } else {
      used = cost;
    }
  }
  if (labelLengths.length > 0) ranges.push([start, labelLengths.length]);
  return ranges;
}
