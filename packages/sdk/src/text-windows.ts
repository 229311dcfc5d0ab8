/**
 * Overlapping windows over a long text, for `longText: 'chunk'`. The text is cut only between
 * units (whitespace-separated words, each with its token count), so no word is split and each
 * window's text is an exact substring of the original. A window holds at most `chunkTokens` tokens
 * (a single word longer than that is a window of its own) and consecutive windows share at most
 * `strideTokens` tokens.
 */
import { InvalidArgumentError } from '@gliznet/common';

/** A unit of text (a word) at character span `[start, end)`, which tokenizes to `tokens` tokens. */
export interface TextUnit {
  start: number;
  end: number;
  tokens: number;
}

export interface TextWindowOptions {
  /** Tokens per window. */
  chunkTokens: number;
  /** Tokens shared by consecutive windows (as in Hugging Face tokenizers' `stride`); `< chunkTokens`. */
  strideTokens: number;
}

/** One window: its substring and the unit range `[firstUnit, endUnit)` it covers. */
export interface TextWindow {
  text: string;
  firstUnit: number;
  endUnit: number;
}

/** Checks window options; throws InvalidArgumentError naming the bad value. */
export function validateTextWindowOptions(options: TextWindowOptions): void {
  if (!Number.isInteger(options.chunkTokens) || options.chunkTokens < 1) {
    throw new InvalidArgumentError('chunkTokens', `chunkTokens must be a positive integer, got ${String(options.chunkTokens)}`);
  }
  if (!Number.isInteger(options.strideTokens) || options.strideTokens < 0 || options.strideTokens >= options.chunkTokens) {
    throw new InvalidArgumentError(
      'strideTokens',
      `strideTokens (the overlap between windows) must be an integer in 0..chunkTokens-1 = 0..${options.chunkTokens - 1}, got ${String(options.strideTokens)}`,
    );
  }
}

/** Whitespace-separated words of `text` with their spans (token counts filled in by the caller). */
export function wordSpans(text: string): { start: number; end: number }[] {
  return [...text.matchAll(/\S+/gu)].map((match) => ({ start: match.index, end: match.index + match[0].length }));
}

/**
 * Splits `text` into overlapping windows. A text of at most `chunkTokens` tokens is one window
 * holding the whole text. Each window takes units while they fit; the next one starts at the
 * earliest unit such that the overlap is at most `strideTokens` tokens (always advancing at least
 * one unit); the last window ends at the last unit.
 */
export function splitIntoWindows(text: string, units: readonly TextUnit[], options: TextWindowOptions): TextWindow[] {
  validateTextWindowOptions(options);
  const totalTokens = units.reduce((sum, unit) => sum + unit.tokens, 0);
  if (totalTokens <= options.chunkTokens) return [{ text, firstUnit: 0, endUnit: units.length }];
  const windows: TextWindow[] = [];
  let first = 0;
  for (;;) {
    let end = first;
    let used = 0;
    while (end < units.length && (end === first || used + (units[end] as TextUnit).tokens <= options.chunkTokens)) {
      used += (units[end] as TextUnit).tokens;
      end += 1;
    }
    windows.push({ text: text.slice((units[first] as TextUnit).start, (units[end - 1] as TextUnit).end), firstUnit: first, endUnit: end });
    if (end >= units.length) break;
    let next = end;
    let overlap = 0;
    while (next - 1 > first && overlap + (units[next - 1] as TextUnit).tokens <= options.strideTokens) {
      overlap += (units[next - 1] as TextUnit).tokens;
      next -= 1;
    }
    first = next;
  }
  return windows;
}
