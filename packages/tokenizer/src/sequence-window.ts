/**
 * Window arithmetic of the joint sequence `[CLS] text [SEP] l1 sep l2 sep ... ln [SEP]`: how many
 * text tokens fit beside the labels, and how many labels fit at all. Labels are never truncated.
 */
import { InputTooLongError } from '@gliznet/common';

/** [CLS], the [SEP] after the text and the final [SEP]. */
export const SPECIAL_TOKENS_PER_SEQUENCE = 3;

/** Tokens the label part takes: every label's tokens plus a separator between consecutive labels. */
export function labelSegmentLength(labelLengths: readonly number[], separatorLength: number): number {
  let total = 0;
  for (const length of labelLengths) total += length;
  return total + separatorLength * Math.max(0, labelLengths.length - 1);
}

/** How many leading labels fit in `budget` tokens (labels plus the separators between them). */
export function countLabelsThatFit(labelLengths: readonly number[], separatorLength: number, budget: number): number {
  let used = 0;
  let count = 0;
  for (const length of labelLengths) {
    used += length + (count > 0 ? separatorLength : 0);
    if (used > budget) break;
    count += 1;
  }
  return count;
}

export interface TextWindowInput {
  /** Text tokens before truncation. */
  textLength: number;
  /** Token count of each label, in order. */
  labelLengths: readonly number[];
  separatorLength: number;
  maxLength: number;
  minTextTokens: number;
  /** Keep at most this many text tokens even when more fit. Default: no cap. */
  maxTextTokens?: number;
  /** Argument named in the error (`labels`, `labels[3]`, `label`). */
  labelsArgument: string;
  /** The text the labels must fit beside, named in the message (`texts[3]`); default `text`. */
  textArgument?: string;
}

export interface TextWindow {
  /** Text tokens kept (the first ones). */
  keptTextTokens: number;
  truncated: boolean;
}

/**
 * Cuts the text to make room for all labels, keeping at least `min(textLength, minTextTokens)` text
 * tokens. Throws InputTooLongError (with `labelsThatFit`) when the labels alone do not fit.
 */
export function planTextWindow(input: TextWindowInput): TextWindow {
  const { textLength, labelLengths, separatorLength, maxLength, minTextTokens } = input;
  const labelTokens = labelSegmentLength(labelLengths, separatorLength);
  const available = maxLength - SPECIAL_TOKENS_PER_SEQUENCE - labelTokens;
  const requiredText = Math.min(textLength, minTextTokens);
  if (available < requiredText) {
    const labelsThatFit = countLabelsThatFit(labelLengths, separatorLength, maxLength - SPECIAL_TOKENS_PER_SEQUENCE - requiredText);
    throw new InputTooLongError(
      input.labelsArgument,
      `${input.labelsArgument}: ${labelLengths.length} label(s) take ${labelTokens} tokens, but beside ${requiredText} tokens of ${input.textArgument ?? 'text'} and ` +
        `${SPECIAL_TOKENS_PER_SEQUENCE} special tokens only ${Math.max(0, maxLength - SPECIAL_TOKENS_PER_SEQUENCE - requiredText)} fit in maxLength ${maxLength}; ` +
        `the first ${labelsThatFit} label(s) fit. Split the labels with planLabelChunks(), or raise maxLength.`,
      { labelsThatFit },
    );
  }
  const keptTextTokens = Math.min(textLength, available, input.maxTextTokens ?? Infinity);
  return { keptTextTokens, truncated: keptTextTokens < textLength };
}
