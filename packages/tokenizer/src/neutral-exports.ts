// The runtime-neutral exports of @gliznet/tokenizer, listed once: "." (index.ts, Node) and
// "./core" (core.ts, also the `browser` entry) both re-export them.
export { JointTokenizer, type FromBackendOptions } from './joint-tokenizer.js';
export type { TokenBackend, TokenizeOptions, TokenizedText } from './token-backend.js';
export type { GliznetTokenizerOptions } from './tokenizer-settings.js';
export { planLabelChunks } from './plan-label-chunks.js';
export { capLabelsPerPass } from './labels-per-pass.js';
// The label normaliser lives in @gliznet/common (synth needs it too); re-exported here as before.
export { canonicalLabelOrder, normalizeLabel } from '@gliznet/common';
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
