/**
 * Options of `ZeroShotClassifier.classify`, their defaults and their validation.
 */
import { InvalidArgumentError, type GliznetSettings } from '@gliznet/common';
import { validateTextWindowOptions } from './text-windows.js';

/** The order GliZNet reads the candidate labels in. */
export type LabelOrder = 'as-given' | 'canonical';

/** The label order `classify` uses when `labelOrder` is not given. */
export const DEFAULT_LABEL_ORDER: LabelOrder = 'canonical';

/** What to do with a text longer than the window. */
export type LongTextMode = 'truncate' | 'chunk';

export interface ClassifyOptions {
  /**
   * `false` (default): the labels compete; scores are a softmax across the candidate labels and sum
   * to 1. `true`: each label is judged on its own; scores are independent sigmoid probabilities and
   * `threshold` filters them. A text with a single candidate label is always scored on its own
   * (sigmoid; a softmax over one label would always be 1), as the Hugging Face zero-shot pipeline
   * does; `threshold` still defaults to none unless `multiLabel` is set.
   */
  multiLabel?: boolean;
  /**
   * Keep only labels scoring at least this. Default: the model's `threshold` (config.json, usually
   * 0.5) when `multiLabel`, no filtering otherwise.
   */
  threshold?: number;
  /** Keep at most this many labels (after the threshold). Default: all. */
  topK?: number;
  /**
   * Window in tokens (text + labels + special tokens). Default: the model's `max_length`, the window
   * it was trained with; longer windows change scores in ways the model never learned (the CLI
   * warns). More than the encoder's positions (config.json `max_position_embeddings`) is refused.
   */
  maxLength?: number;
  /** Passes per onnxruntime call; texts of similar length are batched together. Default 32. */
  batchSize?: number;
  /**
   * GliZNet: most labels scored together in one pass. Longer label lists are split into near-equal
   * passes, merged as when they do not fit the window. Default: the model's `max_labels` (config.json,
   * the most labels per example it was trained with): on the corpus build's many-label validation sets
   * this scored 5-9 accuracy points above packing each window full. Raise it for speed (fewer passes).
   */
  maxLabelsPerPass?: number;
  /**
   * GliZNet: `canonical` (default) sorts the labels by normalised text before planning passes and
   * encoding, so the result never depends on the order the labels were given in (scores are still
   * returned for every label, in the caller's terms). `as-given` reads them in the caller's order,
   * which changed the top label for 4-42% of texts when the labels were shuffled
   * (docs/benchmarks.md), at the same accuracy.
   */
  labelOrder?: LabelOrder;
  /**
   * `truncate` (default): a text that does not fit is cut and its result has `truncated: true`.
   * `chunk`: a long text is split into overlapping windows of `chunkTokens` text tokens sharing
   * `strideTokens`; each window is classified and the logits are aggregated (max over windows for
   * multi-label, mean over windows for single-label).
   */
  longText?: LongTextMode;
  /** `longText: 'chunk'`: text tokens per window. Default: half of `maxLength`. */
  chunkTokens?: number;
  /** `longText: 'chunk'`: tokens shared by consecutive windows. Default: a quarter of `chunkTokens`. */
  strideTokens?: number;
  /**
   * How a label becomes the text the model reads, for this call only (`{label}` replaced). Default:
   * the classifier's template (`fromPretrained`'s option, else config.json's `hypothesis_template`).
   * The onnxruntime session is shared; only label encodings differ per template.
   */
  hypothesisTemplate?: string;
  /**
   * Stops the call when it fires: `classify` rejects with AbortedError. Checked before tokenizing and
   * before each onnxruntime run (a run already started finishes first). Default: none.
   */
  signal?: AbortSignal;
  /** Rejects with AbortedError (`timedOut: true`) once this many milliseconds have passed, checked as for `signal`. Default: none. */
  timeoutMs?: number;
}

/** ClassifyOptions with every default applied. */
export interface ResolvedClassifyOptions {
  multiLabel: boolean;
  threshold: number | undefined;
  topK: number | undefined;
  maxLength: number;
  batchSize: number;
  maxLabelsPerPass: number;
  labelOrder: LabelOrder;
  longText: LongTextMode;
  chunkTokens: number;
  strideTokens: number;
  /** Undefined: the classifier's own template. */
  hypothesisTemplate?: string | undefined;
  signal?: AbortSignal | undefined;
  timeoutMs?: number | undefined;
}

export const DEFAULT_BATCH_SIZE = 32;

const knownOptions = new Set(['multiLabel', 'threshold', 'topK', 'maxLength', 'batchSize', 'maxLabelsPerPass', 'labelOrder', 'longText', 'chunkTokens', 'strideTokens', 'hypothesisTemplate', 'signal', 'timeoutMs']);

function checkPositiveInteger(name: string, value: unknown): void {
  if (value !== undefined && (typeof value !== 'number' || !Number.isInteger(value) || value < 1)) {
    throw new InvalidArgumentError(name, `${name} must be a positive integer, got ${JSON.stringify(value)}`);
  }
}

/** Facts about the model that bound the options. */
export interface ModelLimits {
  /** Positions the encoder has (config.json `max_position_embeddings`): the longest window it can read. */
  maxPositions?: number;
}

/** The limits in a model's config.json. */
export function modelLimits(huggingFace: Readonly<Record<string, unknown>>): ModelLimits {
  const positions = huggingFace['max_position_embeddings'];
  return typeof positions === 'number' && Number.isInteger(positions) && positions > 0 ? { maxPositions: positions } : {};
}

/** Applies defaults (from the model's settings where relevant) and checks every option. */
export function resolveClassifyOptions(options: ClassifyOptions, settings: GliznetSettings, limits: ModelLimits = {}): ResolvedClassifyOptions {
  const unknown = Object.keys(options).filter((key) => !knownOptions.has(key));
  if (unknown.length > 0) {
    throw new InvalidArgumentError(unknown[0] as string, `unknown classify option${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')}; known: ${[...knownOptions].join(', ')}`);
  }
  if (options.multiLabel !== undefined && typeof options.multiLabel !== 'boolean') {
    throw new InvalidArgumentError('multiLabel', `multiLabel must be true or false, got ${JSON.stringify(options.multiLabel)}`);
  }
  if (options.threshold !== undefined && (typeof options.threshold !== 'number' || !(options.threshold >= 0 && options.threshold <= 1))) {
    throw new InvalidArgumentError('threshold', `threshold must be a probability in [0, 1], got ${JSON.stringify(options.threshold)}`);
  }
  for (const name of ['topK', 'maxLength', 'batchSize', 'maxLabelsPerPass', 'chunkTokens'] as const) checkPositiveInteger(name, options[name]);
  if (options.longText !== undefined && options.longText !== 'truncate' && options.longText !== 'chunk') {
    throw new InvalidArgumentError('longText', `longText must be "truncate" or "chunk", got ${JSON.stringify(options.longText)}`);
  }
  if (options.labelOrder !== undefined && options.labelOrder !== 'as-given' && options.labelOrder !== 'canonical') {
    throw new InvalidArgumentError('labelOrder', `labelOrder must be "as-given" or "canonical", got ${JSON.stringify(options.labelOrder)}`);
  }
  if (options.hypothesisTemplate !== undefined && (typeof options.hypothesisTemplate !== 'string' || !options.hypothesisTemplate.includes('{label}'))) {
    throw new InvalidArgumentError('hypothesisTemplate', `hypothesisTemplate must be a string containing "{label}" (e.g. "This text is about {label}."), got ${JSON.stringify(options.hypothesisTemplate)}`);
  }
  if (options.signal !== undefined && !(typeof options.signal === 'object' && options.signal !== null && typeof (options.signal as AbortSignal).aborted === 'boolean' && typeof (options.signal as AbortSignal).addEventListener === 'function')) {
    throw new InvalidArgumentError('signal', 'signal must be an AbortSignal (e.g. new AbortController().signal or AbortSignal.timeout(ms))');
  }
  if (options.timeoutMs !== undefined && (typeof options.timeoutMs !== 'number' || !Number.isFinite(options.timeoutMs) || options.timeoutMs <= 0)) {
    throw new InvalidArgumentError('timeoutMs', `timeoutMs must be a positive number of milliseconds, got ${JSON.stringify(options.timeoutMs)}`);
  }
  const multiLabel = options.multiLabel ?? false;
  const maxLength = options.maxLength ?? settings.maxLength;
  if (limits.maxPositions !== undefined && maxLength > limits.maxPositions) {
    throw new InvalidArgumentError(
      'maxLength',
      `maxLength ${maxLength} (--max-length) is more than the ${limits.maxPositions} positions this model's encoder has (config.json max_position_embeddings); use at most ${limits.maxPositions} (the model was trained with ${settings.maxLength}), and longText: 'chunk' (--long-text chunk) for longer texts`,
    );
  }
  const chunkTokens = options.chunkTokens ?? Math.max(1, Math.floor(maxLength / 2));
  const strideTokens = options.strideTokens ?? Math.floor(chunkTokens / 4);
  const longText = options.longText ?? 'truncate';
  if (longText === 'chunk') validateTextWindowOptions({ chunkTokens, strideTokens });
  return {
    multiLabel,
    threshold: options.threshold ?? (multiLabel ? settings.threshold : undefined),
    topK: options.topK,
    maxLength,
    batchSize: options.batchSize ?? DEFAULT_BATCH_SIZE,
    maxLabelsPerPass: options.maxLabelsPerPass ?? settings.maxLabels,
    labelOrder: options.labelOrder ?? DEFAULT_LABEL_ORDER,
    longText,
    chunkTokens,
    strideTokens,
    hypothesisTemplate: options.hypothesisTemplate,
    signal: options.signal,
    timeoutMs: options.timeoutMs,
  };
}
