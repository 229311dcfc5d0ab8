/** The OpenAPI 3.1 document served at `GET /openapi.json`, built from the same schemas that validate the routes. */
import { createRequire } from 'node:module';
import { classifyRequestSchema, classifyResponseSchema, errorResponseSchema, huggingFaceRequestSchema, huggingFaceResponseSchema } from './route-schemas.js';
import type { ResolvedServerOptions } from './server-options.js';

/** Version of @gliznet/server (its package.json, one folder above src/ and dist/), shown in the document. */
export const SERVER_VERSION: string = (createRequire(import.meta.url)('../package.json') as { version: string }).version;

function withoutId<T extends { $id?: string }>(schema: T): Omit<T, '$id'> {
  const { $id: _id, ...rest } = schema;
  return rest;
}

const errorResponses = (codes: readonly number[]) =>
  Object.fromEntries(codes.map((code) => [String(code), { description: ERROR_DESCRIPTIONS[code] ?? 'error', content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } }]));

const ERROR_DESCRIPTIONS: Record<number, string> = {
  400: 'malformed JSON, a schema violation, or input the classifier refuses (empty or duplicate labels, a label with the separator, too many texts or labels, a text over the limit)',
  413: 'body over the size limit',
  415: 'not a JSON body',
  500: 'a run-time failure (onnxruntime)',
  503: 'queue full, model not loaded yet, shutting down, or the request waited too long (Retry-After)',
};

export function buildOpenApiDocument(options: ResolvedServerOptions): Record<string, unknown> {
  const classifyCodes = [400, 413, 415, 500, 503];
  return {
    openapi: '3.1.0',
    info: {
      title: 'gliznet serve',
      version: SERVER_VERSION,
      description: `Zero-shot text classification with GliZNet (every candidate label in one transformer pass). Limits of this server: ${options.maxTexts} texts per request, ${options.maxLabels} labels per text, ${options.maxTextLength} characters per text, ${options.bodyLimit} bytes per body; batches of up to ${options.maxBatch} texts, ${options.maxQueue} texts queued at most.`,
    },
    paths: {
      '/': {
        post: {
          summary: 'Hugging Face Inference API zero-shot-classification (drop-in)',
          requestBody: { required: true, content: { 'application/json': { schema: { $ref: '#/components/schemas/HuggingFaceZeroShotRequest' } } } },
          responses: { '200': { description: 'best label first', content: { 'application/json': { schema: { $ref: '#/components/schemas/HuggingFaceZeroShotResponse' } } } }, ...errorResponses(classifyCodes) },
        },
      },
      '/zero-shot-classification': {
        post: {
          summary: 'the same as POST /',
          requestBody: { required: true, content: { 'application/json': { schema: { $ref: '#/components/schemas/HuggingFaceZeroShotRequest' } } } },
          responses: { '200': { description: 'best label first', content: { 'application/json': { schema: { $ref: '#/components/schemas/HuggingFaceZeroShotResponse' } } } }, ...errorResponses(classifyCodes) },
        },
      },
      '/v1/classify': {
        post: {
          summary: "the SDK's classify(texts, labels, options)",
          requestBody: { required: true, content: { 'application/json': { schema: { $ref: '#/components/schemas/ClassifyRequest' } } } },
          responses: { '200': { description: 'what classify returns', content: { 'application/json': { schema: { $ref: '#/components/schemas/ClassifyResponse' } } } }, ...errorResponses(classifyCodes) },
        },
      },
      '/health': { get: { summary: 'the process is up', responses: { '200': { description: '{"status": "ok"}' } } } },
      '/ready': { get: { summary: 'the model is loaded', responses: { '200': { description: '{"status": "ready", "model", "modelPath"}' }, ...errorResponses([503]) } } },
      '/metrics': { get: { summary: 'Prometheus metrics (text exposition format)', responses: { '200': { description: 'requests by route and status, latency, batch sizes, queue depth' } } } },
      '/openapi.json': { get: { summary: 'this document', responses: { '200': { description: 'OpenAPI 3.1' } } } },
    },
    components: {
      schemas: {
        HuggingFaceZeroShotRequest: withoutId(huggingFaceRequestSchema),
        HuggingFaceZeroShotResponse: huggingFaceResponseSchema,
        ClassifyRequest: withoutId(classifyRequestSchema),
        ClassifyResponse: classifyResponseSchema,
        Error: errorResponseSchema,
      },
    },
  };
}
