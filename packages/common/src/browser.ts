// @gliznet/common's `browser` entry: the runtime-neutral modules (no node: imports) that browser
// code reaches through @gliznet/tokenizer/core, @gliznet/sdk/pipeline and @gliznet/web. Bundlers
// pick it with the `browser` export condition; Node keeps index.ts, which exports all of this too.
export * from './errors.js';
export * from './model-config.js';
export * from './seeded-random.js';
export * from './label-normalization.js';
