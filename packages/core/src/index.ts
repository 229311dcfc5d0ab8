// @gliznet/core: public API. See README.md.
export {};
