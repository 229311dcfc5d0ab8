// @gliznet/synth: public API. See README.md.
export {};
