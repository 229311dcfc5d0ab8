// @gliznet/sdk: public API. See README.md.
export {};
