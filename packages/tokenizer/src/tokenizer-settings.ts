/** Settings of a GliznetTokenizer: factory options over config.json's `gliznet` block over defaults. */
import { InvalidArgumentError, type GliznetSettings } from '@gliznet/common';
import { validatePositiveInteger } from './validate-input.js';

/** Options of the `GliznetTokenizer` factories; each overrides config.json's `gliznet` block. */
export interface GliznetTokenizerOptions {
  /** String placed between labels. Default: config `separator`, else `";"`. */
  separator?: string;
  /** Default window in tokens. Default: config `max_length`, else 256. */
  maxLength?: number;
  /** Text tokens always kept when labels compete for the window. Default: config `min_text_tokens`, else 8. */
  minTextTokens?: number;
  /** Label encodings kept in the least-recently-used cache; 0 disables caching. Default 10,000. */
  labelCacheSize?: number;
}

const DEFAULT_LABEL_CACHE_SIZE = 10_000;

export interface ResolvedSettings {
  separator: string;
  maxLength: number;
  minTextTokens: number;
  labelCacheSize: number;
}

export function resolveSettings(settings: Pick<GliznetSettings, 'separator' | 'maxLength' | 'minTextTokens'>, options: GliznetTokenizerOptions): ResolvedSettings {
  const separator = options.separator ?? settings.separator;
  if (typeof separator !== 'string' || separator.trim() === '') {
    throw new InvalidArgumentError('options.separator', `options.separator must be a non-empty string, got ${JSON.stringify(separator)}`);
  }
  const maxLength = options.maxLength ?? settings.maxLength;
  validatePositiveInteger(maxLength, 'options.maxLength');
  const minTextTokens = options.minTextTokens ?? settings.minTextTokens;
  validatePositiveInteger(minTextTokens, 'options.minTextTokens');
  const labelCacheSize = options.labelCacheSize ?? DEFAULT_LABEL_CACHE_SIZE;
  if (typeof labelCacheSize !== 'number' || !Number.isInteger(labelCacheSize) || labelCacheSize < 0) {
    throw new InvalidArgumentError('options.labelCacheSize', `options.labelCacheSize must be a non-negative integer, got ${JSON.stringify(labelCacheSize)}`);
  }
  return { separator, maxLength, minTextTokens, labelCacheSize };
}
