// @gliznet/tokenizer: public API. See README.md and docs/input-format.md.
export { GliznetTokenizer } from './gliznet-tokenizer.js';
// The runtime-neutral core (also @gliznet/tokenizer/core): the same encoding on any TokenBackend.
export { JointTokenizer, type FromBackendOptions } from './joint-tokenizer.js';
export type { TokenBackend, TokenizeOptions, TokenizedText } from './token-backend.js';
export type { GliznetTokenizerOptions } from './tokenizer-settings.js';
export { planLabelChunks } from './plan-label-chunks.js';
export { capLabelsPerPass } from './labels-per-pass.js';
export { bundledTokenizerPath, BUNDLED_TOKENIZERS, type BundledTokenizerName } from './bundled-tokenizers.js';
export { canonicalLabelOrder, normalizeLabel } from './label-normalization.js';
export { SPECIAL_TOKENS_PER_SEQUENCE } from './sequence-window.js';
export type {
  EncodeOptions,
  GliznetBatchEncoding,
  GliznetEncoding,
  LabelEncoding,
  PairBatchEncoding,
  PairEncoding,
  PlanLabelChunksOptions,
  RandomSource,
  TokenDropoutOptions,
} from './types.js';
// Re-exported so callers can catch them without importing @gliznet/common themselves.
export { InputTooLongError, InvalidArgumentError, ModelLoadError } from '@gliznet/common';
