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
  /**
   * How a label becomes the text the model reads, `{label}` replaced by the label (a GliZNet label
   * segment, or the second segment of a cross-encoder pair). Default: config `hypothesis_template`,
   * else `"{label}"` (the label as given).
   */
  hypothesisTemplate?: string;
}

const DEFAULT_LABEL_CACHE_SIZE = 10_000;

export interface ResolvedSettings {
  separator: string;
  maxLength: number;
  minTextTokens: number;
  labelCacheSize: number;
  hypothesisTemplate: string;
}

/** The text the model reads for `label`: every `{label}` of the template replaced by it. */
export function applyHypothesisTemplate(template: string, label: string): string {
  return template.split('{label}').join(label);
}

export function resolveSettings(
  settings: Pick<GliznetSettings, 'separator' | 'maxLength' | 'minTextTokens' | 'hypothesisTemplate'>,
  options: GliznetTokenizerOptions,
): ResolvedSettings {
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
  const hypothesisTemplate = options.hypothesisTemplate ?? settings.hypothesisTemplate;
  if (typeof hypothesisTemplate !== 'string' || !hypothesisTemplate.includes('{label}')) {
    throw new InvalidArgumentError(
      'options.hypothesisTemplate',
      `options.hypothesisTemplate must be a string containing "{label}" (e.g. "This text is about {label}."), got ${JSON.stringify(hypothesisTemplate)}`,
    );
  }
  if (hypothesisTemplate.normalize('NFKC').includes(separator.normalize('NFKC').trim())) {
    throw new InvalidArgumentError(
      'options.hypothesisTemplate',
      `options.hypothesisTemplate ${JSON.stringify(hypothesisTemplate)} contains the label separator ${JSON.stringify(separator.trim())}; every label would then contain it. Rephrase the template or choose another separator`,
    );
  }
  return { separator, maxLength, minTextTokens, labelCacheSize, hypothesisTemplate };
}
