/** Training-time token dropout on text tokens (pure). */
import { InvalidArgumentError } from '@gliznet/common';
import type { TokenSpan } from './joint-sequence.js';
import type { TokenDropoutOptions } from './types.js';

export function validateTokenDropout(options: TokenDropoutOptions, argument: string): void {
  const { probability } = options;
  if (typeof probability !== 'number' || !(probability >= 0 && probability < 1)) {
    throw new InvalidArgumentError(`${argument}.probability`, `${argument}.probability must be a number in [0, 1), got ${JSON.stringify(probability)}`);
  }
  if (typeof options.random?.next !== 'function') {
    throw new InvalidArgumentError(`${argument}.random`, `${argument}.random must have a next() method returning [0, 1); use createSeededRandom(seed) from @gliznet/common`);
  }
  if (options.replaceWith !== undefined && options.replaceWith !== 'mask' && options.replaceWith !== 'unk') {
    throw new InvalidArgumentError(`${argument}.replaceWith`, `${argument}.replaceWith must be 'mask' or 'unk', got ${JSON.stringify(options.replaceWith)}`);
  }
}

/** Replaces each token with `replacement` with the given probability (one random draw per token). */
export function applyTokenDropout(span: TokenSpan, options: { probability: number; random: { next(): number }; replacement: { id: number; token: string } }): TokenSpan {
  if (options.probability === 0) return span;
  const ids = [...span.ids];
  const tokens = [...span.tokens];
  for (let index = 0; index < ids.length; index++) {
    if (options.random.next() < options.probability) {
      ids[index] = options.replacement.id;
      tokens[index] = options.replacement.token;
    }
  }
  return { ids, tokens };
}
