// @gliznet/tokenizer/core: the runtime-neutral part of the package (also the `browser` entry of
// "."): the joint encoding on an already-loaded tokenizer (TokenBackend), with the pure-JS backend.
// No node: modules, no native binding. Node code uses "." (GliznetTokenizer reads files natively).
export { JointTokenizer, type FromBackendOptions } from './joint-tokenizer.js';
export type { TokenBackend, TokenizeOptions, TokenizedText } from './token-backend.js';
export { jsTokenBackend } from './js-tokenizer.js';
export type { GliznetTokenizerOptions } from './tokenizer-settings.js';
export { planLabelChunks } from './plan-label-chunks.js';
export { capLabelsPerPass } from './labels-per-pass.js';
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
export { InputTooLongError, InvalidArgumentError, ModelLoadError } from '@gliznet/common';
