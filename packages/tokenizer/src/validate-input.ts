/**
 * Boundary checks of the tokenizer's public methods. Every failure is an InvalidArgumentError naming
 * the offending value (`text`, `texts[3]`, `options.maxLength`). Label lists are checked by
 * @gliznet/common's `validateLabelList` (`labels[2]`, `labels[4][1]`), the SDK's check too.
 */
import { InvalidArgumentError } from '@gliznet/common';

/** A text must be a string with at least one non-whitespace character. */
export function validateText(text: unknown, argument: string): asserts text is string {
  if (typeof text !== 'string') {
    throw new InvalidArgumentError(argument, `${argument} must be a string, got ${text === null ? 'null' : typeof text}`);
  }
  if (text.trim() === '') {
    throw new InvalidArgumentError(argument, `${argument} is empty (${JSON.stringify(text)}); pass a text with at least one non-whitespace character`);
  }
}

/** A window or token count option must be a positive integer. */
export function validatePositiveInteger(value: unknown, argument: string): asserts value is number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value <= 0) {
    throw new InvalidArgumentError(argument, `${argument} must be a positive integer, got ${JSON.stringify(value)}`);
  }
}
