/**
 * The gliznet HTTP server on Fastify: Hugging Face-compatible and native classification routes with
 * JSON-schema validated bodies, health and readiness, Prometheus metrics, the OpenAPI document, and
 * dynamic batching of the requests into shared onnxruntime runs. A bad request gets a 4xx naming
 * the field and the fix and never touches the others; nothing a client sends can crash the process.
 */
import { InvalidArgumentError } from '@gliznet/common';
import type { ClassificationResult, ClassifyOptions, ClassifyRequest } from '@gliznet/sdk';
import Fastify, { type FastifyError, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { classifyParam, parseClassifyBody, type ClassifyBody } from './classify-api.js';
import { DynamicBatcher, type BatchClassifier } from './dynamic-batcher.js';
import { NotReadyError } from './errors.js';
import { errorBodyFor, httpError, toHttpError, validationError, type HttpError, type ParamMapper } from './http-errors.js';
import { formatForUserAgent, formatHuggingFaceResults, huggingFaceParam, parseHuggingFaceBody, resolveFormat, type HuggingFaceBody } from './hugging-face-api.js';
import { createServerMetrics, type ServerMetrics } from './metrics.js';
import { buildOpenApiDocument } from './openapi.js';
import { classifyRequestSchema, huggingFaceRequestSchema } from './route-schemas.js';
import { resolveServerOptions, type ResolvedServerOptions, type ServerOptions } from './server-options.js';

/** What the server needs of a classifier (ZeroShotClassifier has it all). */
export interface ServedClassifier extends BatchClassifier {
  checkClassifyInput(texts: readonly string[], labels: readonly string[] | readonly (readonly string[])[], options?: ClassifyOptions): void;
  /** Shown by `/ready`, when known. */
  readonly modelDirectory?: string;
  readonly modelPath?: string;
  /** Model threads replaced after stopping unexpectedly (WorkerClassifier), for `/metrics`. */
  readonly restarts?: number;
}

export interface GliznetServer {
  /** The Fastify instance (`app.inject` for tests). */
  readonly app: FastifyInstance;
  readonly metrics: ServerMetrics;
  readonly options: ResolvedServerOptions;
  /** True once the classifier is loaded and until `close` starts. */
  readonly ready: boolean;
  /** Starts listening; resolves with the base URL (`http://127.0.0.1:8080`). Port 0 picks a free port. */
  listen(options: { host: string; port: number }): Promise<string>;
  /**
   * Graceful stop: stops accepting (new requests get 503), waits until every request in flight has
   * been answered and the batcher is idle, then closes the listener. Does not dispose the classifier.
   */
  close(): Promise<void>;
}

/** `classifier` may be a promise (the model still loading): until it settles `/ready` and the classification routes answer 503. */
export function createGliznetServer(classifier: ServedClassifier | Promise<ServedClassifier>, serverOptions: ServerOptions = {}): GliznetServer {
  const options = resolveServerOptions(serverOptions);
  let loaded: ServedClassifier | undefined;
  let loadFailure: string | undefined;
  let closing = false;
  let batcher: DynamicBatcher | undefined;
  const metrics = createServerMetrics(
    () => ({ texts: batcher?.queuedTexts ?? 0, requests: batcher?.queuedRequests ?? 0 }),
    () => loaded?.restarts ?? 0,
  );
  const attach = (ready: ServedClassifier): void => {
    loaded = ready;
    batcher = new DynamicBatcher(ready, { maxBatch: options.maxBatch, maxWaitMs: options.maxWaitMs, maxQueue: options.maxQueue, onBatch: (report) => metrics.observeBatch(report) });
  };
  if (classifier instanceof Promise) {
    classifier.then(attach, (error: unknown) => {
      loadFailure = error instanceof Error ? error.message : String(error);
      options.log(`model failed to load: ${loadFailure}`);
    });
  } else attach(classifier);

  const app = Fastify({
    logger: false,
    bodyLimit: options.bodyLimit,
    return503OnClosing: true,
    forceCloseConnections: 'idle',
    // Strict validation: no type coercion, no silently dropped fields, no defaults filled in.
    ajv: { customOptions: { coerceTypes: false, removeAdditional: false, useDefaults: false, allErrors: false } },
  });
  // Only JSON bodies: a text/plain body is a 415, not a string the schema then rejects.
  app.removeContentTypeParser('text/plain');

  const huggingFaceRoutes = new Set(['/', '/zero-shot-classification']);
  const send = (reply: FastifyReply, error: HttpError): FastifyReply => {
    for (const [name, value] of Object.entries(error.headers)) void reply.header(name, value);
    const userAgent = reply.request.headers['user-agent'];
    const legacyHuggingFaceClient = huggingFaceRoutes.has(reply.request.routeOptions.url ?? '') && /hf_hub\//.test(userAgent ?? '') && formatForUserAgent(userAgent) === 'pipeline';
    return reply.code(error.status).send(errorBodyFor(error.body, { legacyHuggingFaceClient }));
  };

  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error.validation !== undefined) return send(reply, validationError(error.validation as never));
    const status = error.statusCode ?? 500;
    if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') return send(reply, httpError(413, 'PayloadTooLargeError', `the request body is larger than the server's limit of ${options.bodyLimit} bytes (--body-limit); send fewer or shorter texts per request`));
    if (error.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') return send(reply, httpError(415, 'UnsupportedMediaTypeError', `content type ${JSON.stringify(request.headers['content-type'] ?? '')} is not supported; send the body as JSON with "Content-Type: application/json"`));
    if (status >= 400 && status < 500) {
      const code = error.code === 'FST_ERR_CTP_EMPTY_JSON_BODY' || error instanceof SyntaxError || /JSON/i.test(error.message) ? 'MalformedJsonError' : 'BadRequestError';
      return send(reply, httpError(status, code, `${code === 'MalformedJsonError' ? 'the body is not valid JSON' : 'bad request'}: ${error.message}`));
    }
    options.log(`error on ${request.method} ${request.url}: ${error.stack ?? error.message}`);
    return send(reply, toHttpError(error));
  });

  app.setNotFoundHandler((request, reply) =>
    send(reply, httpError(404, 'NotFoundError', `no route ${request.method} ${request.url.split('?')[0] ?? ''}; routes: POST /, POST /zero-shot-classification, POST /v1/classify, GET /health, GET /ready, GET /metrics, GET /openapi.json`)),
  );

  // While closing, answers close their connection, so keep-alive sockets do not hold the shutdown open.
  app.addHook('onSend', async (_request, reply, payload) => {
    if (closing) void reply.header('connection', 'close');
    return payload;
  });

  app.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url ?? 'unmatched';
    metrics.observeRequest(route, request.method, reply.statusCode, reply.elapsedTime / 1000);
    if (options.logRequests) options.log(`${request.method} ${route} ${reply.statusCode} ${reply.elapsedTime.toFixed(1)}ms`);
  });

  /** Checks the server's limits and the SDK's rules; queues the request; resolves with its results. */
  const classify = async (request: FastifyRequest, reply: FastifyReply, classifyRequest: ClassifyRequest, template: string | undefined, mapParam: ParamMapper): Promise<ClassificationResult[] | undefined> => {
    try {
      if (closing) throw new NotReadyError('the server is shutting down; retry on another instance');
      if (loaded === undefined || batcher === undefined) throw new NotReadyError(loadFailure === undefined ? 'the model is still loading; retry shortly (GET /ready says when it is loaded)' : `the model failed to load: ${loadFailure}`);
      checkLimits(classifyRequest, options);
      loaded.checkClassifyInput(classifyRequest.texts, classifyRequest.labels, { ...classifyRequest.options, ...(template === undefined ? {} : { hypothesisTemplate: template }) });
      const controller = new AbortController();
      reply.raw.once('close', () => {
        if (!reply.raw.writableFinished) controller.abort(new Error('the client closed the connection'));
      });
      const signal = AbortSignal.any([controller.signal, AbortSignal.timeout(options.requestTimeoutMs)]);
      return await batcher.submit(classifyRequest, { signal, ...(template === undefined ? {} : { hypothesisTemplate: template }) });
    } catch (error) {
      const answer = toHttpError(error, mapParam);
      if (answer.status >= 500 && answer.body.error.code !== 'ServerOverloadedError' && answer.body.error.code !== 'NotReadyError') {
        options.log(`${request.method} ${request.url} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      }
      send(reply, answer);
      return undefined;
    }
  };

  const huggingFaceRoute = async (request: FastifyRequest<{ Body: HuggingFaceBody }>, reply: FastifyReply): Promise<unknown> => {
    const single = typeof request.body.inputs === 'string';
    let parsed: ReturnType<typeof parseHuggingFaceBody>;
    try {
      parsed = parseHuggingFaceBody(request.body);
    } catch (error) {
      return send(reply, toHttpError(error, huggingFaceParam(single)));
    }
    const results = await classify(request, reply, parsed.request, parsed.hypothesisTemplate, huggingFaceParam(single));
    if (results === undefined) return reply;
    return formatHuggingFaceResults(results, parsed.single, resolveFormat(options.huggingFaceFormat, request.headers['user-agent']));
  };
  const routeSchema = (body: object, summary: string) => ({ schema: { body, summary } });
  app.post('/', routeSchema(huggingFaceRequestSchema, 'Hugging Face zero-shot-classification'), huggingFaceRoute);
  app.post('/zero-shot-classification', routeSchema(huggingFaceRequestSchema, 'Hugging Face zero-shot-classification'), huggingFaceRoute);

  app.post('/v1/classify', routeSchema(classifyRequestSchema, 'gliznet classify'), async (request: FastifyRequest<{ Body: ClassifyBody }>, reply) => {
    const parsed = parseClassifyBody(request.body);
    const results = await classify(request, reply, parsed.request, parsed.hypothesisTemplate, classifyParam);
    if (results === undefined) return reply;
    return parsed.single ? results[0] : results;
  });

  app.get('/health', async () => ({ status: 'ok' }));
  app.get('/ready', async (_request, reply) => {
    if (loaded !== undefined && !closing) return { status: 'ready', model: loaded.modelDirectory ?? null, modelPath: loaded.modelPath ?? null };
    const reason = closing ? 'shutting down' : loadFailure === undefined ? 'loading the model' : `the model failed to load: ${loadFailure}`;
    return send(reply, httpError(503, 'NotReadyError', `not ready: ${reason}`, null, { 'retry-after': '1' }));
  });
  app.get('/metrics', async (_request, reply) => {
    void reply.header('content-type', metrics.registry.contentType);
    return metrics.registry.metrics();
  });
  const openApi = buildOpenApiDocument(options);
  app.get('/openapi.json', async () => openApi);

  return {
    app,
    metrics,
    options,
    get ready() {
      return loaded !== undefined && !closing;
    },
    async listen({ host, port }) {
      await app.listen({ host, port });
      const address = app.server.address();
      if (address === null || typeof address === 'string') return String(address);
      const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
      return `http://${shownHost}:${address.port}`;
    },
    async close() {
      closing = true;
      // Fastify answers new requests 503 while closing and resolves once in-flight ones are answered;
      // sockets that turn idle meanwhile are closed at once instead of after the keep-alive timeout.
      const sweep = setInterval(() => app.server.closeIdleConnections(), 50);
      try {
        await app.close();
      } finally {
        clearInterval(sweep);
      }
      await batcher?.whenIdle();
    },
  };
}

/** The server's own limits, named by the SDK's argument names (mapped to the route's fields by the caller). */
function checkLimits(request: ClassifyRequest, options: ResolvedServerOptions): void {
  if (request.texts.length > options.maxTexts) {
    throw new InvalidArgumentError('texts', `${request.texts.length} texts in one request is more than this server's limit of ${options.maxTexts} (--max-texts); split them over several requests`);
  }
  request.texts.forEach((text, index) => {
    if (typeof text === 'string' && text.length > options.maxTextLength) {
      throw new InvalidArgumentError(request.texts.length === 1 ? 'text' : `texts[${index}]`, `text ${index} has ${text.length} characters, more than this server's limit of ${options.maxTextLength} (--max-text-length); shorten or split it`);
    }
  });
  const lists = request.labels.length > 0 && request.labels.every((entry) => Array.isArray(entry)) ? (request.labels as readonly (readonly string[])[]) : [request.labels as readonly string[]];
  lists.forEach((list, index) => {
    if (list.length > options.maxLabels) {
      throw new InvalidArgumentError(lists.length === 1 ? 'labels' : `labels[${index}]`, `${list.length} candidate labels is more than this server's limit of ${options.maxLabels} per text (--max-labels); send fewer labels`);
    }
  });
}
