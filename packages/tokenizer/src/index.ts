// @gliznet/tokenizer: public API. See README.md.
export {};
