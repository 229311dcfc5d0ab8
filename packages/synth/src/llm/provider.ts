/** The LLM services `generateSynthetic` can use. */
export type ProviderName = 'ollama' | 'groq' | 'openai';

/** One chat request: a system and a user message, asking for a JSON object back. */
export interface ChatRequest {
  system: string;
  user: string;
  temperature: number;
  /** Sampling seed, passed to providers that accept one. */
  seed: number;
}

/** A provider's reply. */
export interface ChatResult {
  content: string;
  promptTokens: number;
  completionTokens: number;
}

/** A chat endpoint of one provider and model. */
export interface ChatProvider {
  readonly name: ProviderName;
  readonly model: string;
  /** The endpoint's base URL (never contains credentials). */
  readonly baseUrl: string;
  /** Sends one request; throws {@link ProviderCallFailure} on failure. */
  complete(request: ChatRequest, signal: AbortSignal): Promise<ChatResult>;
}

/** How a provider call failed, which decides whether it is retried. */
export type FailureKind =
  | 'rate-limit' // 429: wait (retry-after) and retry
  | 'server' // 5xx: retry
  | 'timeout' // no answer in time: retry
  | 'connection' // refused / reset / DNS: retry, then report the endpoint as down
  | 'auth' // 401 / 403: stop, the key is wrong
  | 'not-found' // 404: stop, wrong model or URL
  | 'bad-request' // other 4xx: stop
  | 'aborted'; // the run was cancelled

/**
 * A failed provider call, classified. Internal to the synthesis path: `generateSynthetic` turns
 * the fatal kinds into `ConfigurationError`s and counts the others.
 */
export class ProviderCallFailure extends Error {
  constructor(
    readonly kind: FailureKind,
    message: string,
    readonly status?: number,
    /** Server-requested wait before retrying (from `retry-after` / `retry-after-ms`). */
    readonly retryAfterMs?: number,
  ) {
    super(message);
    this.name = 'ProviderCallFailure';
  }
}

/** Parses `retry-after-ms` or `retry-after` (seconds or an HTTP date) into milliseconds. */
export function parseRetryAfter(headers: { get(name: string): string | null } | undefined, now: number = Date.now()): number | undefined {
  if (headers === undefined) return undefined;
  const milliseconds = headers.get('retry-after-ms');
  if (milliseconds !== null && Number.isFinite(Number(milliseconds))) return Math.max(0, Number(milliseconds));
  const value = headers.get('retry-after');
  if (value === null || value.trim() === '') return undefined;
  if (Number.isFinite(Number(value))) return Math.max(0, Number(value) * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** Maps an HTTP status to a failure kind. */
export function kindOfStatus(status: number): FailureKind {
  if (status === 429) return 'rate-limit';
  if (status === 401 || status === 403) return 'auth';
  if (status === 404) return 'not-found';
  if (status >= 500) return 'server';
  if (status === 408) return 'timeout';
  return 'bad-request';
}

const CONNECTION_CODES = /^(ECONNREFUSED|ECONNRESET|ENOTFOUND|EAI_AGAIN|EHOSTUNREACH|ENETUNREACH|UND_ERR_SOCKET|UND_ERR_CONNECT_TIMEOUT)$/;

/**
 * The system error code of a refused / unreachable connection found in an error's cause chain
 * (e.g. `ECONNREFUSED`), `'fetch failed'` when only the generic fetch failure is visible, or
 * undefined when the error is not a connection failure.
 */
export function connectionErrorCode(error: unknown): string | undefined {
  let generic: string | undefined;
  for (let current: unknown = error, depth = 0; current !== undefined && current !== null && depth < 6; depth += 1) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && CONNECTION_CODES.test(code)) return code;
    if (current instanceof TypeError && /fetch failed/.test(current.message)) generic = 'fetch failed';
    current = (current as { cause?: unknown }).cause;
  }
  return generic;
}

/** Whether an error (or its cause chain) is a refused / unreachable connection. */
export function isConnectionError(error: unknown): boolean {
  return connectionErrorCode(error) !== undefined;
}
