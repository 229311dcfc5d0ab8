/**
 * Keeps a training example inside the model's window. Labels are never truncated by the tokenizer
 * (it throws instead), so an example whose sampled labels are too long for `maxLength` (long label
 * descriptions, many labels) drops candidates here, negatives first, last ones first, until the
 * labels fit beside the text's guaranteed minimum of tokens. Deterministic, so resumed runs see the
 * same examples.
 */
import { SPECIAL_TOKENS_PER_SEQUENCE, type GliznetTokenizer } from '@gliznet/tokenizer';
import type { TrainingExample } from './example-sampler.js';

export interface FitResult {
  example: TrainingExample;
  /** Candidates removed to fit. */
  dropped: number;
}

export async function fitToWindow(tokenizer: GliznetTokenizer, example: TrainingExample, options: { maxLength: number }): Promise<FitResult> {
  const encodings = await tokenizer.encodeLabels(example.labels);
  const budget = options.maxLength - SPECIAL_TOKENS_PER_SEQUENCE - tokenizer.minTextTokens;
  const separator = tokenizer.separatorIds.length;
  const keep = example.labels.map(() => true);
  let kept = example.labels.length;
  let cost = encodings.reduce((sum, encoding) => sum + encoding.ids.length, 0) + separator * (kept - 1);
  // Negatives first (from the end of the shuffled list), then positives; never the last label.
  const order = [...example.labels.keys()].reverse().sort((a, b) => (example.targets[a] ?? 0) - (example.targets[b] ?? 0));
  for (const index of order) {
    if (cost <= budget || kept === 1) break;
    keep[index] = false;
    kept -= 1;
    cost -= encodings[index]!.ids.length + separator;
  }
  if (kept === example.labels.length) return { example, dropped: 0 };
  return {
    example: { text: example.text, labels: example.labels.filter((_, index) => keep[index]), targets: example.targets.filter((_, index) => keep[index]) },
    dropped: example.labels.length - kept,
  };
}
