// @gliznet/losses: public API. See README.md.
export {};
