// @gliznet/server: `gliznet serve`, an HTTP inference server for GliZNet on Fastify. See README.md and docs/serving.md.
export { createGliznetServer, type GliznetServer, type ServedClassifier } from './create-server.js';
export { DEFAULT_SERVER_OPTIONS, resolveServerOptions, type HuggingFaceFormat, type ResolvedServerOptions, type ServerOptions } from './server-options.js';
export { DynamicBatcher, type BatchClassifier, type BatchReport, type DynamicBatcherOptions, type SubmitOptions } from './dynamic-batcher.js';
export { formatForUserAgent, parseCandidateLabels, toGliznetTemplate } from './hugging-face-api.js';
export { NotReadyError, ServerOverloadedError } from './errors.js';
export { buildOpenApiDocument, SERVER_VERSION } from './openapi.js';
export { runServeCli, SERVE_SPEC } from './cli/serve-command.js';
export { WorkerClassifier } from './worker-classifier.js';
