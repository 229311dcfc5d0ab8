/**
 * Errors to HTTP answers `{"error": {"code", "message", "param"}}`: bad input 4xx, overload and
 * not-ready 503 (with Retry-After), run-time failures 500. The SDK's InvalidArgumentError names an
 * argument (`labels[2]`); each route maps it to its own request field (`parameters.candidate_labels[2]`).
 */
import { AbortedError, GliznetError, InvalidArgumentError } from '@gliznet/common';
import { NotReadyError, ServerOverloadedError } from './errors.js';

export interface HttpErrorBody {
  error: { code: string; message: string; param: string | null };
}

export interface HttpError {
  status: number;
  body: HttpErrorBody;
  headers: Record<string, string>;
}

/** Maps an SDK argument name to the request field it came from. */
export type ParamMapper = (argument: string) => string;

export function httpError(status: number, code: string, message: string, param: string | null = null, headers: Record<string, string> = {}): HttpError {
  return { status, body: { error: { code, message, param } }, headers };
}

/** A Fastify (or ajv) validation error item, as Fastify attaches them to `error.validation`. */
interface ValidationItem {
  keyword: string;
  instancePath: string;
  message?: string;
  params: Record<string, unknown>;
}

function pointerToParam(pointer: string): string {
  return pointer
    .split('/')
    .filter((part) => part !== '')
    .map((part, index) => (/^\d+$/.test(part) ? `[${part}]` : `${index === 0 ? '' : '.'}${part}`))
    .join('');
}

/** A schema violation, named by field, with what was expected. */
export function validationError(items: readonly ValidationItem[]): HttpError {
  // anyOf reports every branch; the most specific item (deepest path) says the most.
  const item = [...items].sort((a, b) => b.instancePath.length - a.instancePath.length).find((entry) => entry.keyword !== 'anyOf') ?? items[0];
  if (item === undefined) return httpError(400, 'InvalidArgumentError', 'the request body does not match the schema (see GET /openapi.json)');
  const base = pointerToParam(item.instancePath);
  const join = (child: string): string => (base === '' ? child : `${base}.${child}`);
  let param = base === '' ? null : base;
  let message: string;
  if (item.keyword === 'required') {
    param = join(String(item.params['missingProperty']));
    message = `${param} is required`;
  } else if (item.keyword === 'additionalProperties') {
    param = join(String(item.params['additionalProperty']));
    message = `${param} is not a known field; remove it (known fields: GET /openapi.json)`;
  } else if (items.some((entry) => entry.keyword === 'anyOf' && entry.instancePath === item.instancePath)) {
    message = `${param ?? 'the body'} must be a string or a non-empty array of strings`;
  } else {
    message = `${param ?? 'the body'} ${item.message ?? 'is invalid'}`;
  }
  return httpError(400, 'InvalidArgumentError', `${message}. See GET /openapi.json for the request schema.`, param);
}

/** An error thrown while handling a request, as an HTTP answer. Unknown errors are 500 with a generic message. */
export function toHttpError(error: unknown, mapParam: ParamMapper = (argument) => argument): HttpError {
  if (ServerOverloadedError.isInstance(error)) return httpError(503, error.code, error.message, null, { 'retry-after': String(error.retryAfterSeconds) });
  if (NotReadyError.isInstance(error)) return httpError(503, error.code, error.message, null, { 'retry-after': '1' });
  if (AbortedError.isInstance(error)) return httpError(503, error.code, error.message, null, { 'retry-after': '1' });
  // classifyMany names the request (`requests[0].labels[1]`); a route has one request.
  if (InvalidArgumentError.isInstance(error)) return httpError(400, error.code, error.message, mapParam(error.argument.replace(/^requests\[\d+\]\./, '')));
  if (GliznetError.isInstance(error)) return httpError(500, error.code, error.message);
  return httpError(500, 'InternalError', 'the server failed on this request (the cause is in the server log)');
}

/**
 * huggingface_hub up to 1.1.4 reads `error` as a string (or a list of strings) and fails with an
 * AttributeError on an object; its User-Agent says `hf_hub/<version>`. Such clients get the message
 * as a string (with code and field) so they raise their usual HTTP error.
 */
export function errorBodyFor(body: HttpErrorBody, options: { legacyHuggingFaceClient: boolean }): unknown {
  if (!options.legacyHuggingFaceClient) return body;
  const { code, message, param } = body.error;
  return { error: `${code}: ${message}${param === null ? '' : ` (param: ${param})`}`, error_type: code };
}
