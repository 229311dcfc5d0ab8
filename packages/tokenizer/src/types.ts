/**
 * Public result and option types of @gliznet/tokenizer.
 */

/** A source of uniform random numbers in [0, 1) (e.g. `createSeededRandom(seed)` from @gliznet/common). */
export interface RandomSource {
  next(): number;
}

/**
 * Training-time token dropout: each kept text token is replaced, with `probability`, by `[MASK]`
 * (default) or `[UNK]`. Labels, separators and special tokens are never dropped. Use a seeded
 * `random` for reproducible runs.
 */
export interface TokenDropoutOptions {
  /** Probability in [0, 1) of replacing each text token. */
  probability: number;
  /** Random source; pass `createSeededRandom(seed)` for reproducibility. */
  random: RandomSource;
  /** Replacement token. Default `'mask'`; `'unk'` needs a tokenizer with `[UNK]`. */
  replaceWith?: 'mask' | 'unk';
}

/** Options of `encode` / `encodeBatch` / `encodePair` / `encodePairBatch`. */
export interface EncodeOptions {
  /** Longest sequence in tokens, specials included. Default: the tokenizer's `maxLength` (config `max_length`, 256). */
  maxLength?: number;
  /** Text tokens always kept when labels compete for the window. Default: the tokenizer's `minTextTokens` (config `min_text_tokens`, 8). */
  minTextTokens?: number;
  /** Training only: replace text tokens at random (see TokenDropoutOptions). Default: none. */
  tokenDropout?: TokenDropoutOptions;
  /**
   * Keep at most this many text tokens (a cut reported as `truncated`), so that every pass of a text
   * split over several label chunks reads the same text (see `reservedTextTokens`). A number for every
   * text, or for `encodeBatch` / `encodePairBatch` one entry per text (undefined: no cap for that
   * text). Default: as many as fit.
   */
  maxTextTokens?: number | readonly (number | undefined)[];
}

/** One label's token ids, encoded on its own without special tokens (cached per label string). */
export interface LabelEncoding {
  readonly label: string;
  readonly ids: readonly number[];
  readonly tokens: readonly string[];
}

/** The joint encoding of one text and its labels: one sequence, no padding. */
export interface GliznetEncoding {
  /** Token ids. // [sequenceLength] */
  inputIds: Int32Array;
  /** 1 for every token (no padding in a single encoding). // [sequenceLength] */
  attentionMask: Int32Array;
  /** 0 for `[CLS] text [SEP]`, 1 for the labels and the final `[SEP]`. // [sequenceLength] */
  tokenTypeIds: Int32Array;
  /** 0 for [CLS], text, [SEP] and separators; i (1-based) for every token of label i. // [sequenceLength] */
  lmask: Int32Array;
  /** Token strings, aligned with `inputIds`. */
  tokens: string[];
  /** Number of labels (the largest value in `lmask`). */
  numLabels: number;
  /** True when text tokens were dropped to fit the window. */
  truncated: boolean;
  /** Text tokens kept in the sequence. */
  textTokenCount: number;
  /** Text tokens before truncation. */
  originalTextTokenCount: number;
}

/** A padded batch: flat row-major arrays of `batchSize * sequenceLength`. */
export interface GliznetBatchEncoding {
  /** // [batchSize, sequenceLength], padding = `[PAD]` id */
  inputIds: Int32Array;
  /** // [batchSize, sequenceLength], 1 for real tokens, 0 for padding */
  attentionMask: Int32Array;
  /** // [batchSize, sequenceLength], 0 for padding */
  tokenTypeIds: Int32Array;
  /** // [batchSize, sequenceLength], 0 for padding */
  lmask: Int32Array;
  batchSize: number;
  /** Length of the longest sequence in the batch (not `maxLength`). */
  sequenceLength: number;
  /** Unpadded length of each row. */
  lengths: number[];
  /** Labels per row. */
  numLabels: number[];
  /** Per row: text tokens were dropped to fit the window. */
  truncated: boolean[];
}

/** A cross-encoder pair `[CLS] text [SEP] label [SEP]` (lmask all 0). */
export type PairEncoding = Omit<GliznetEncoding, 'numLabels'>;

/** A padded batch of cross-encoder pairs (lmask all 0). */
export type PairBatchEncoding = Omit<GliznetBatchEncoding, 'numLabels'>;

/** Options of `planLabelChunks`. */
export interface PlanLabelChunksOptions {
  /** Window in tokens. Default: the tokenizer's `maxLength`. */
  maxLength?: number;
  /** Minimum text tokens of any chunk. Default: the tokenizer's `minTextTokens`. */
  minTextTokens?: number;
  /**
   * Text tokens each chunk leaves room for. Default: the whole text up to half the window
   * (`min(textTokens, max(minTextTokens, floor((maxLength - 3) / 2)))`), so long texts are not cut
   * to `minTextTokens` just to pack more labels into fewer chunks.
   */
  reservedTextTokens?: number;
}
