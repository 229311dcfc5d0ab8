// @gliznet/tokenizer: public API. See README.md and docs/input-format.md.
export { GliznetTokenizer } from './gliznet-tokenizer.js';
export { bundledTokenizerPath, BUNDLED_TOKENIZERS, type BundledTokenizerName } from './bundled-tokenizers.js';
// The runtime-neutral core (also @gliznet/tokenizer/core): the same encoding on any TokenBackend.
export * from './neutral-exports.js';
