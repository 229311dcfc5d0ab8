/** Training defaults that depend on the encoder a run starts from. */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ConfigurationError } from '@gliznet/common';
import { TRAINING_DEFAULTS, type TrainingOptions } from './training-options.js';

/**
 * A cross-encoder reads one `[CLS] text [SEP] label [SEP]` pair per label: every token sees every
 * other, positions run on. The GliZNet label layout defaults do not apply and become `all` /
 * `sequential` (what its config.json then records); another value asked for is an error.
 */
export function resolveLabelLayout(options: TrainingOptions): Pick<TrainingOptions, 'labelAttention' | 'labelPositions'> {
  if (options.architecture !== 'cross-encoder') return { labelAttention: options.labelAttention, labelPositions: options.labelPositions };
  const asked = [
    options.labelAttention !== TRAINING_DEFAULTS.labelAttention && options.labelAttention !== 'all' ? `--label-attention ${options.labelAttention}` : undefined,
    options.labelPositions !== TRAINING_DEFAULTS.labelPositions && options.labelPositions !== 'sequential' ? `--label-positions ${options.labelPositions}` : undefined,
  ].filter((flag) => flag !== undefined);
  if (asked.length > 0) throw new ConfigurationError(`${asked.join(' and ')} shape GliZNet's joint label sequence; a cross-encoder reads one text-label pair at a time (all tokens, sequential positions): drop ${asked.length > 1 ? 'them' : 'it'}`);
  return { labelAttention: 'all', labelPositions: 'sequential' };
}

/** The encoder directory's config.json, or undefined when it has none that parses. */
export async function readEncoderConfig(directory: string): Promise<Record<string, unknown> | undefined> {
  try {
    return JSON.parse(await readFile(join(directory, 'config.json'), 'utf8')) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}

/**
 * `sentenceHead: 'auto'` -> on for USE-Lite, off for a BERT checkpoint, a gliznet model's own
 * `sentence_head` (a trained model keeps its layout).
 */
export async function resolveSentenceHead(options: TrainingOptions): Promise<boolean> {
  if (options.sentenceHead !== 'auto') return options.sentenceHead;
  if (options.encoder === 'use-lite') return true;
  const config = await readEncoderConfig(options.encoder);
  const gliznet = config?.['gliznet'] as Record<string, unknown> | undefined;
  if (gliznet !== undefined) return gliznet['sentence_head'] === true;
  return config?.['model_type'] === 'use-lite';
}
