/** Free-function form of `GliznetTokenizer.planLabelChunks`. */
import type { JointTokenizer } from './joint-tokenizer.js';
import type { PlanLabelChunksOptions } from './types.js';

/**
 * Splits `labels` into consecutive groups that each fit beside `text` in one window of `tokenizer`
 * (see `GliznetTokenizer.planLabelChunks`).
 */
export async function planLabelChunks(tokenizer: JointTokenizer, text: string, labels: readonly string[], options: PlanLabelChunksOptions = {}): Promise<string[][]> {
  return tokenizer.planLabelChunks(text, labels, options);
}
