/**
 * JointTokenizer: GliZNet's joint text-label encoding on any TokenBackend (an already-loaded
 * Hugging Face tokenizer.json). Runtime-neutral: no file system, no native code, so it runs in
 * browsers too. GliznetTokenizer (Node) adds the factories that read files with the native binding.
 * See docs/input-format.md for the layout and its rules.
 */
import { DEFAULT_GLIZNET_SETTINGS, InvalidArgumentError, validateLabelList, validateLabelText, type GliznetSettings } from '@gliznet/common';
import { buildJointSequence, type JointSequence, type TokenSpan } from './joint-sequence.js';
import { LabelCache } from './label-cache.js';
import { planLabelChunkRanges } from './label-chunks.js';
import { padBatch } from './pad-batch.js';
import { SPECIAL_TOKENS_PER_SEQUENCE, planTextWindow } from './sequence-window.js';
import { findSpecialTokens, type SpecialTokens } from './special-tokens.js';
import type { TokenBackend, TokenizeOptions } from './token-backend.js';
import { applyTokenDropout, validateTokenDropout } from './token-dropout.js';
import { applyHypothesisTemplate, resolveSettings, type GliznetTokenizerOptions, type ResolvedSettings } from './tokenizer-settings.js';
import type {
  EncodeOptions,
  GliznetBatchEncoding,
  GliznetEncoding,
  LabelEncoding,
  PairBatchEncoding,
  PairEncoding,
  PlanLabelChunksOptions,
} from './types.js';
import { validatePositiveInteger, validateText } from './validate-input.js';

const INCLUDE_TOKENS: TokenizeOptions = { tokens: 'include' };
const OMIT_TOKENS: TokenizeOptions = { tokens: 'omit' };

/** Options of `JointTokenizer.fromBackend`: where the tokenizer came from, and its settings. */
export interface FromBackendOptions extends GliznetTokenizerOptions {
  /** The tokenizer.json's path or URL, named in errors (and kept as `path`). */
  source: string;
  /** config.json's `gliznet` block, when the model has one; `options` override it. Default: the defaults. */
  settings?: Pick<GliznetSettings, 'separator' | 'maxLength' | 'minTextTokens' | 'hypothesisTemplate'>;
}

/** What a JointTokenizer is built from: a backend with its special tokens, settings and separator. */
export interface PreparedTokenizer {
  backend: TokenBackend;
  path: string;
  specials: SpecialTokens;
  settings: ResolvedSettings;
  separatorSpan: TokenSpan;
}

/** options.maxTextTokens as one cap (or undefined) per text of `count`, validated. */
function resolveTextCaps(options: EncodeOptions, count: number): (number | undefined)[] {
  const cap = options.maxTextTokens;
  if (cap === undefined) return new Array<undefined>(count).fill(undefined);
  if (typeof cap === 'number') {
    validatePositiveInteger(cap, 'options.maxTextTokens');
    return new Array<number>(count).fill(cap);
  }
  if (!Array.isArray(cap)) throw new InvalidArgumentError('options.maxTextTokens', `options.maxTextTokens must be a positive integer or an array of them, got ${JSON.stringify(cap)}`);
  if (cap.length !== count) {
    throw new InvalidArgumentError('options.maxTextTokens', `options.maxTextTokens has ${cap.length} entries for ${count} text(s); pass one per text, or one number for all`);
  }
  cap.forEach((entry, index) => entry === undefined || validatePositiveInteger(entry, `options.maxTextTokens[${index}]`));
  return [...cap];
}

function spanOf(ids: readonly number[], tokens: readonly string[]): TokenSpan {
  return { ids, tokens };
}

/**
 * Joint text-label tokenizer of GliZNet on a TokenBackend. In Node, GliznetTokenizer's factories
 * load one from files; elsewhere, `JointTokenizer.fromBackend(jsTokenBackend(text, { source }), ...)`.
 */
export class JointTokenizer {
  /** The tokenizer.json this instance was loaded from (a path, or a URL in browsers). */
  readonly path: string;
  /** String placed between labels. */
  readonly separator: string;
  /** Default window (tokens, specials included). */
  readonly maxLength: number;
  /** Default minimum of text tokens kept when labels compete for the window. */
  readonly minTextTokens: number;
  readonly clsId: number;
  readonly sepId: number;
  readonly padId: number;
  readonly maskId: number;
  /** `[UNK]`'s id, or undefined when the vocabulary has none (the USE-Lite one uses id 0 "\uFFFD"). */
  readonly unkId: number | undefined;
  /** Token ids of the separator, encoded on its own. */
  readonly separatorIds: readonly number[];
  /** Token strings of the separator. */
  readonly separatorTokens: readonly string[];
  /** How a label becomes the text the model reads (`{label}` replaced); `"{label}"` = as given. */
  readonly hypothesisTemplate: string;

  private readonly backend: TokenBackend;
  private readonly specials: SpecialTokens;
  private readonly labelCache: LabelCache;

  protected constructor({ backend, path, specials, settings, separatorSpan }: PreparedTokenizer) {
    this.backend = backend;
    this.path = path;
    this.specials = specials;
    this.separator = settings.separator;
    this.maxLength = settings.maxLength;
    this.minTextTokens = settings.minTextTokens;
    this.clsId = specials.cls.id;
    this.sepId = specials.sep.id;
    this.padId = specials.pad.id;
    this.maskId = specials.mask.id;
    this.unkId = specials.unk?.id;
    this.separatorIds = separatorSpan.ids;
    this.separatorTokens = separatorSpan.tokens;
    this.hypothesisTemplate = settings.hypothesisTemplate;
    this.labelCache = new LabelCache(settings.labelCacheSize);
  }

  /**
   * A tokenizer on an already-loaded backend, settings from `options` over `options.settings` (the
   * model's config.json) over the defaults. Throws ModelLoadError naming `options.source` when a
   * special token is missing, InvalidArgumentError for bad settings.
   */
  static async fromBackend(backend: TokenBackend, options: FromBackendOptions): Promise<JointTokenizer> {
    const { source, settings = DEFAULT_GLIZNET_SETTINGS, ...overrides } = options;
    return new JointTokenizer(await JointTokenizer.prepare(backend, source, resolveSettings(settings, overrides)));
  }

  /** Finds the special tokens and encodes the separator (it must produce tokens). */
  protected static async prepare(backend: TokenBackend, path: string, settings: ResolvedSettings): Promise<PreparedTokenizer> {
    const specials = findSpecialTokens(backend, path);
    const separator = await backend.encode(settings.separator, INCLUDE_TOKENS);
    if (separator.ids.length === 0) {
      throw new InvalidArgumentError('options.separator', `the separator ${JSON.stringify(settings.separator)} produces no tokens with ${path}; choose a visible separator`);
    }
    return { backend, path, specials, settings, separatorSpan: spanOf(separator.ids, separator.tokens) };
  }

  /** Number of ids of the tokenizer, added tokens included. */
  get vocabularySize(): number {
    return this.backend.vocabularySize;
  }

  /** The token string of an id, or undefined when the id is out of range. */
  idToToken(id: number): string | undefined {
    return this.backend.idToToken(id);
  }

  /** Tokenizes a text on its own, without special tokens. */
  async encodeText(text: string): Promise<{ ids: number[]; tokens: string[] }> {
    validateText(text, 'text');
    return this.backend.encode(text, INCLUDE_TOKENS);
  }

  /** Tokenizes many texts (natively in parallel in Node), without special tokens. */
  async encodeTexts(texts: readonly string[]): Promise<{ ids: number[]; tokens: string[] }[]> {
    this.validateTexts(texts, 'texts');
    return this.tokenizeTexts(texts);
  }

  /** Number of tokens of a text on its own (no special tokens). */
  async countTokens(text: string): Promise<number> {
    validateText(text, 'text');
    return (await this.backend.encode(text, OMIT_TOKENS)).ids.length;
  }

  /**
   * Token ids of each label, encoded on its own without special tokens (never as part of the joined
   * label string), from the cache when seen before. Validates the list like `encode` does. The
   * tokens are those of the label put through `hypothesisTemplate`; `label` stays as given.
   */
  async encodeLabels(labels: readonly string[]): Promise<LabelEncoding[]> {
    validateLabelList(labels, 'labels', { separator: this.separator });
    return this.lookUpLabels(labels, 'labels');
  }

  /** Drops every cached label encoding. */
  clearLabelCache(): void {
    this.labelCache.clear();
  }

  /**
   * Encodes `[CLS] text [SEP] l1 ; l2 ; ... ln [SEP]` (one sequence, no padding). Labels are never
   * truncated: the text is cut to make room (keeping at least `minTextTokens`) and `truncated` says
   * so; InputTooLongError (with `labelsThatFit`) when the labels alone cannot fit.
   */
  async encode(text: string, labels: readonly string[], options: EncodeOptions = {}): Promise<GliznetEncoding> {
    validateText(text, 'text');
    validateLabelList(labels, 'labels', { separator: this.separator });
    const window = this.resolveWindow(options);
    const [maxTextTokens] = resolveTextCaps(options, 1);
    const [labelEncodings, textEncoding] = await Promise.all([this.lookUpLabels(labels, 'labels'), this.backend.encode(text, INCLUDE_TOKENS)]);
    const textSpan = spanOf(textEncoding.ids, textEncoding.tokens);
    const { sequence, truncated, kept } = this.assemble(textSpan, labelEncodings, window, options, { labelsArgument: 'labels', labelMask: 'numbered', maxTextTokens });
    return { ...sequence, numLabels: labels.length, truncated, textTokenCount: kept, originalTextTokenCount: textSpan.ids.length };
  }

  /**
   * Encodes many texts, with one shared label list (`string[]`) or one list per text (`string[][]`),
   * padded to the longest sequence of the batch. Layout and truncation as in `encode`.
   */
  async encodeBatch(texts: readonly string[], labels: readonly string[] | readonly (readonly string[])[], options: EncodeOptions = {}): Promise<GliznetBatchEncoding> {
    this.validateTexts(texts, 'texts');
    const perText = Array.isArray(labels) && labels.length > 0 && labels.every((entry) => Array.isArray(entry));
    let labelLists: (readonly string[])[];
    let labelsArguments: string[];
    if (perText) {
      const lists = labels as readonly (readonly string[])[];
      if (lists.length !== texts.length) {
        throw new InvalidArgumentError('labels', `labels has ${lists.length} label lists for ${texts.length} texts; pass one list per text, or one shared string[]`);
      }
      lists.forEach((list, index) => validateLabelList(list, `labels[${index}]`, { separator: this.separator }));
      labelLists = [...lists];
      labelsArguments = lists.map((_, index) => `labels[${index}]`);
    } else {
      validateLabelList(labels, 'labels', { separator: this.separator });
      labelLists = texts.map(() => labels as readonly string[]);
      labelsArguments = texts.map(() => 'labels');
    }
    const window = this.resolveWindow(options);
    const textCaps = resolveTextCaps(options, texts.length);
    const uniqueLabels = [...new Set(labelLists.flat())];
    const [encodedLabels, textSpans] = await Promise.all([this.lookUpLabels(uniqueLabels, 'labels'), this.tokenizeTexts(texts, { tokens: 'omit' })]);
    const byLabel = new Map(encodedLabels.map((encoding) => [encoding.label, encoding]));
    const sharedEncodings = perText ? undefined : (labels as readonly string[]).map((label) => byLabel.get(label)!);
    const rows: Omit<JointSequence, 'tokens'>[] = [];
    const truncated: boolean[] = [];
    for (const [index, textSpan] of textSpans.entries()) {
      const labelEncodings = sharedEncodings ?? labelLists[index]!.map((label) => byLabel.get(label)!);
      const assembled = this.assemble(textSpan, labelEncodings, window, options, {
        labelsArgument: labelsArguments[index]!,
        textArgument: `texts[${index}]`,
        labelMask: 'numbered',
        tokens: 'omit',
        maxTextTokens: textCaps[index],
      });
      rows.push(assembled.sequence);
      truncated.push(assembled.truncated);
    }
    return { ...padBatch(rows, { padId: this.padId }), numLabels: labelLists.map((list) => list.length), truncated };
  }

  /**
   * Cross-encoder pair `[CLS] text [SEP] label [SEP]` (token types 0 then 1, lmask all 0). The label
   * is never truncated; the text is, as in `encode`.
   */
  async encodePair(text: string, label: string, options: EncodeOptions = {}): Promise<PairEncoding> {
    validateText(text, 'text');
    validateLabelText(label, 'label');
    const window = this.resolveWindow(options);
    const [maxTextTokens] = resolveTextCaps(options, 1);
    const [labelEncodings, textEncoding] = await Promise.all([this.lookUpLabels([label], 'label'), this.backend.encode(text, INCLUDE_TOKENS)]);
    const textSpan = spanOf(textEncoding.ids, textEncoding.tokens);
    const { sequence, truncated, kept } = this.assemble(textSpan, labelEncodings, window, options, { labelsArgument: 'label', labelMask: 'none', maxTextTokens });
    return { ...sequence, truncated, textTokenCount: kept, originalTextTokenCount: textSpan.ids.length };
  }

  /** Cross-encoder pairs `(texts[i], labels[i])`, padded to the longest pair. */
  async encodePairBatch(texts: readonly string[], labels: readonly string[], options: EncodeOptions = {}): Promise<PairBatchEncoding> {
    this.validateTexts(texts, 'texts');
    if (!Array.isArray(labels) || labels.length !== texts.length) {
      throw new InvalidArgumentError('labels', `labels must hold one label per text (${texts.length}), got ${Array.isArray(labels) ? labels.length : typeof labels}`);
    }
    labels.forEach((label, index) => validateLabelText(label, `labels[${index}]`));
    const window = this.resolveWindow(options);
    const textCaps = resolveTextCaps(options, texts.length);
    const [encodedLabels, textSpans] = await Promise.all([this.lookUpLabels([...new Set(labels)], 'labels'), this.tokenizeTexts(texts, { tokens: 'omit' })]);
    const byLabel = new Map(encodedLabels.map((encoding) => [encoding.label, encoding]));
    const rows: Omit<JointSequence, 'tokens'>[] = [];
    const truncated: boolean[] = [];
    for (const [index, textSpan] of textSpans.entries()) {
      const assembled = this.assemble(textSpan, [byLabel.get(labels[index]!)!], window, options, {
        labelsArgument: `labels[${index}]`,
        textArgument: `texts[${index}]`,
        labelMask: 'none',
        tokens: 'omit',
        maxTextTokens: textCaps[index],
      });
      rows.push(assembled.sequence);
      truncated.push(assembled.truncated);
    }
    return { ...padBatch(rows, { padId: this.padId }), truncated };
  }

  /**
   * Splits `labels` into consecutive groups that each fit in one window beside the text, so any
   * number of labels can be scored (one `encode` per group; concatenating the groups gives `labels`
   * back, in order). See PlanLabelChunksOptions for how much text each group leaves room for.
   */
  async planLabelChunks(text: string, labels: readonly string[], options: PlanLabelChunksOptions = {}): Promise<string[][]> {
    validateText(text, 'text');
    validateLabelList(labels, 'labels', { separator: this.separator });
    const window = this.resolveWindow(options);
    const [labelEncodings, textLength] = await Promise.all([this.lookUpLabels(labels, 'labels'), this.countTokens(text)]);
    let reservedTextTokens = options.reservedTextTokens;
    if (reservedTextTokens === undefined) {
      reservedTextTokens = this.reservedTextTokens(window);
    } else if (typeof reservedTextTokens !== 'number' || !Number.isInteger(reservedTextTokens) || reservedTextTokens < 0) {
      throw new InvalidArgumentError('options.reservedTextTokens', `options.reservedTextTokens must be a non-negative integer, got ${JSON.stringify(reservedTextTokens)}`);
    }
    const ranges = planLabelChunkRanges({
      textLength,
      labelLengths: labelEncodings.map((encoding) => encoding.ids.length),
      separatorLength: this.separatorIds.length,
      maxLength: window.maxLength,
      minTextTokens: window.minTextTokens,
      reservedTextTokens,
      labelsArgument: 'labels',
    });
    return ranges.map(([start, end]) => labels.slice(start, end));
  }

  /**
   * Text tokens every label chunk leaves room for (PlanLabelChunksOptions.reservedTextTokens'
   * default): `max(minTextTokens, floor((maxLength - 3) / 2))`. Cutting a text to this in every pass
   * of a multi-pass call (`maxTextTokens`) shows each label the same text whatever the label order.
   */
  reservedTextTokens(options: { maxLength?: number; minTextTokens?: number } = {}): number {
    const window = this.resolveWindow(options);
    return Math.max(window.minTextTokens, Math.floor((window.maxLength - SPECIAL_TOKENS_PER_SEQUENCE) / 2));
  }

  private resolveWindow(options: EncodeOptions | PlanLabelChunksOptions): { maxLength: number; minTextTokens: number } {
    const maxLength = options.maxLength ?? this.maxLength;
    validatePositiveInteger(maxLength, 'options.maxLength');
    const minTextTokens = options.minTextTokens ?? this.minTextTokens;
    validatePositiveInteger(minTextTokens, 'options.minTextTokens');
    if ('tokenDropout' in options && options.tokenDropout !== undefined) {
      validateTokenDropout(options.tokenDropout, 'options.tokenDropout');
      if (options.tokenDropout.replaceWith === 'unk' && this.specials.unk === undefined) {
        throw new InvalidArgumentError('options.tokenDropout.replaceWith', `${this.path} has no [UNK] token; use replaceWith: 'mask'`);
      }
    }
    return { maxLength, minTextTokens };
  }

  private validateTexts(texts: readonly string[], argument: string): void {
    if (!Array.isArray(texts)) throw new InvalidArgumentError(argument, `${argument} must be an array of strings, got ${texts === null ? 'null' : typeof texts}`);
    if (texts.length === 0) throw new InvalidArgumentError(argument, `${argument} is empty; pass at least one text`);
    texts.forEach((text, index) => validateText(text, `${argument}[${index}]`));
  }

  /** Batch tokenization; token strings are read only when asked for (they cost a string copy each natively). */
  private async tokenizeTexts(texts: readonly string[], options: TokenizeOptions = INCLUDE_TOKENS): Promise<{ ids: number[]; tokens: string[] }[]> {
    return this.backend.encodeBatch(texts, options);
  }

  /** Label encodings in input order; tokenizes only the labels missing from the cache, in one batch. */
  private async lookUpLabels(labels: readonly string[], argument: string): Promise<LabelEncoding[]> {
    const found = new Map<string, LabelEncoding>();
    const missingSet = new Set<string>();
    for (const label of labels) {
      if (found.has(label) || missingSet.has(label)) continue;
      const cached = this.labelCache.get(label);
      if (cached === undefined) missingSet.add(label);
      else found.set(label, cached);
    }
    const missing = [...missingSet];
    if (missing.length > 0) {
      const encodings = await this.backend.encodeBatch(
        missing.map((label) => applyHypothesisTemplate(this.hypothesisTemplate, label)),
        INCLUDE_TOKENS,
      );
      for (const [index, label] of missing.entries()) {
        const encoding = encodings[index]!;
        const entry: LabelEncoding = Object.freeze({ label, ids: Object.freeze(encoding.ids), tokens: Object.freeze(encoding.tokens) });
        if (entry.ids.length === 0) {
          const position = labels.indexOf(label);
          const name = argument === 'label' ? argument : `${argument}[${position}]`;
          throw new InvalidArgumentError(name, `${name} ${JSON.stringify(label)} produces no tokens with ${this.path}; give it visible text`);
        }
        this.labelCache.set(label, entry);
        found.set(label, entry);
      }
    }
    return labels.map((label) => found.get(label)!);
  }

  private assemble(
    textSpan: TokenSpan,
    labelEncodings: readonly LabelEncoding[],
    window: { maxLength: number; minTextTokens: number },
    options: EncodeOptions,
    context: { labelsArgument: string; textArgument?: string; labelMask: 'numbered' | 'none'; tokens?: 'include' | 'omit'; maxTextTokens: number | undefined },
  ): { sequence: JointSequence; truncated: boolean; kept: number } {
    const plan = planTextWindow({
      ...(context.maxTextTokens === undefined ? {} : { maxTextTokens: context.maxTextTokens }),
      textLength: textSpan.ids.length,
      labelLengths: labelEncodings.map((encoding) => encoding.ids.length),
      separatorLength: this.separatorIds.length,
      maxLength: window.maxLength,
      minTextTokens: window.minTextTokens,
      labelsArgument: context.labelsArgument,
      ...(context.textArgument === undefined ? {} : { textArgument: context.textArgument }),
    });
    let text: TokenSpan = plan.truncated ? spanOf(textSpan.ids.slice(0, plan.keptTextTokens), textSpan.tokens.slice(0, plan.keptTextTokens)) : textSpan;
    const dropout = options.tokenDropout;
    if (dropout !== undefined && dropout.probability > 0) {
      const replacement = dropout.replaceWith === 'unk' ? this.specials.unk! : this.specials.mask;
      text = applyTokenDropout(text, { probability: dropout.probability, random: dropout.random, replacement });
    }
    const sequence = buildJointSequence({
      cls: spanOf([this.specials.cls.id], [this.specials.cls.token]),
      sep: spanOf([this.specials.sep.id], [this.specials.sep.token]),
      text,
      labels: labelEncodings,
      separator: spanOf(this.separatorIds, this.separatorTokens),
      labelMask: context.labelMask,
      tokens: context.tokens ?? 'include',
    });
    return { sequence, truncated: plan.truncated, kept: plan.keptTextTokens };
  }
}
