/**
 * Node: loads a model directory's tokenizer.json with @gliznet/tokenizer's GliznetTokenizer (native
 * binding) as the classifier's tokenizer seam (see joint-encoder.ts, shared with browsers).
 */
import { join } from 'node:path';
import type { ModelConfig } from '@gliznet/common';
import { GliznetTokenizer } from '@gliznet/tokenizer';
import type { ClassifierEncoder } from './classification-types.js';
import { createTokenizerEncoder } from './joint-encoder.js';

export { createTokenizerEncoder, groupsToIndexRanges, labelsFitInOneWindow } from './joint-encoder.js';

/** Loads `<directory>/tokenizer.json` with the directory's config settings (`config`, already read). */
export async function loadClassifierEncoder(directory: string, config: ModelConfig): Promise<ClassifierEncoder> {
  const { separator, maxLength, minTextTokens, hypothesisTemplate } = config.gliznet;
  const tokenizer = await GliznetTokenizer.fromFile(join(directory, 'tokenizer.json'), { separator, maxLength, minTextTokens, hypothesisTemplate });
  return createTokenizerEncoder(tokenizer);
}
