/**
 * How a sentence-transformers model turns token states into one sentence vector, read from the
 * files sentence-transformers writes beside a Hugging Face checkpoint: `1_Pooling/config.json`
 * (mean or [CLS] pooling), `modules.json` (a Normalize module: L2-normalised vectors) and
 * `sentence_bert_config.json` (`max_seq_length`, the longest input it was trained on).
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ModelLoadError } from './errors.js';

export type SentencePoolingMode = 'mean' | 'cls';

export interface SentencePooling {
  pooling: SentencePoolingMode;
  /** L2-normalise the pooled vector. */
  normalize: boolean;
  /** Longest input in tokens, special tokens included; undefined when the model does not say. */
  maxSequenceLength: number | undefined;
}

async function readJson(path: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new ModelLoadError(path, `cannot read ${path}: ${(error as Error).message}`, { cause: error });
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new ModelLoadError(path, `${path} is not valid JSON: ${(error as Error).message}`, { cause: error });
  }
}

/** The pooling of the sentence-transformers model in `directory`. Throws ModelLoadError naming the file and the fix. */
export async function readSentencePooling(directory: string): Promise<SentencePooling> {
  const poolingPath = join(directory, '1_Pooling', 'config.json');
  const pooling = (await readJson(poolingPath)) as Record<string, unknown> | undefined;
  if (pooling === undefined) {
    throw new ModelLoadError(poolingPath, `${poolingPath} not found: a sentence encoder directory says how it pools there (as sentence-transformers write it). Fetch the encoder with \`pnpm trainer encoder fetch <name>\`, or add the file with "pooling_mode_mean_tokens": true or "pooling_mode_cls_token": true.`);
  }
  const mode = pooling['pooling_mode_cls_token'] === true ? 'cls' : pooling['pooling_mode_mean_tokens'] === true ? 'mean' : undefined;
  if (mode === undefined) throw new ModelLoadError(poolingPath, `${poolingPath} names neither mean nor [CLS] pooling (pooling_mode_mean_tokens / pooling_mode_cls_token); those are the two supported`);
  const modules = (await readJson(join(directory, 'modules.json'))) as { type?: unknown }[] | undefined;
  const normalize = Array.isArray(modules) ? modules.some((module) => typeof module?.type === 'string' && module.type.endsWith('.Normalize')) : true;
  const bertConfig = (await readJson(join(directory, 'sentence_bert_config.json'))) as { max_seq_length?: unknown } | undefined;
  const maxSequenceLength = typeof bertConfig?.max_seq_length === 'number' ? bertConfig.max_seq_length : undefined;
  return { pooling: mode, normalize, maxSequenceLength };
}
