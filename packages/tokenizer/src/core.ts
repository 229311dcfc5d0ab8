// @gliznet/tokenizer/core: the runtime-neutral part of the package (also the `browser` entry of
// "."): the joint encoding on an already-loaded tokenizer (TokenBackend), with the pure-JS backend.
// No node: modules, no native binding. Node code uses "." (GliznetTokenizer reads files natively).
export * from './neutral-exports.js';
export { jsTokenBackend } from './js-tokenizer.js';
