import type { ChatRequest } from './provider.js';

/** What one synthesis request asks for. */
export interface BatchSpec {
  /** Stable key: `<genre>#<batch index>#<seed>`; a resumed run skips keys already in the output. */
  key: string;
  genre: string;
  batchIndex: number;
  labelsPerBatch: number;
  textsPerBatch: number;
  seed: number;
}

/** The system message of every synthesis request. */
export const SYSTEM_PROMPT =
  'You write training data for a zero-shot text classifier. You answer with one JSON object and nothing else: no prose, no code fences.';

/**
 * The request for one batch, in the spirit of the original GliZNet generator: one genre, a shared
 * pool of labels, several texts; every label positive for one text and a hard negative for another.
 */
export function buildBatchRequest(batch: BatchSpec, options: { temperature: number }): ChatRequest {
  const user = [
    `Genre: ${batch.genre}`,
    '',
    `Write ${batch.textsPerBatch} different, realistic texts of this genre (1 to 4 sentences each; vary topic, tone, length and vocabulary).`,
    `First invent a pool of exactly ${batch.labelsPerBatch} short, specific labels (1 to 4 words each: topics, intents, emotions, sentiments, styles or audiences) that suit these texts.`,
    'Then give each text:',
    '- "positives": the pool labels that truly apply to it (at least one);',
    '- "negatives": pool labels that are plausible for it but do NOT apply (hard negatives: close in meaning or domain to its positives).',
    'Rules:',
    '- every label of the pool is a positive for at least one text AND a negative for at least one other text;',
    '- a label is never both a positive and a negative of the same text;',
    '- copy labels exactly as written in the pool.',
    '',
    'Answer with JSON of exactly this shape:',
    '{"labels": ["label", ...], "texts": [{"text": "...", "positives": ["label", ...], "negatives": ["label", ...]}, ...]}',
    '',
    `(Batch ${batch.batchIndex}: make these texts different from other batches of the same genre.)`,
  ].join('\n');
  return { system: SYSTEM_PROMPT, user, temperature: options.temperature, seed: batch.seed + batch.batchIndex };
}
