/** Options of the gliznet server, their defaults and their validation. */
import { InvalidArgumentError } from '@gliznet/common';

/** How `POST /` and `POST /zero-shot-classification` shape their answer (see docs/serving.md). */
export type HuggingFaceFormat = 'auto' | 'pipeline' | 'list';

export interface ServerOptions {
  /** Most texts in one onnxruntime batch (requests arriving together are joined up to it). Default 32. */
  maxBatch?: number;
  /** Longest a request waits for others to join its batch, in milliseconds. Default 5. */
  maxWaitMs?: number;
  /** Most texts waiting for a batch; beyond it requests get 503 with Retry-After. Default 256. */
  maxQueue?: number;
  /** Most texts in one request. Default 64 (at most maxQueue). */
  maxTexts?: number;
  /** Most candidate labels per text. Default 256. */
  maxLabels?: number;
  /** Longest text, in characters. Default 20,000. */
  maxTextLength?: number;
  /** Longest request body, in bytes; longer ones get 413. Default 1 MiB. */
  bodyLimit?: number;
  /** A request still waiting for its batch after this many milliseconds gets 503. Default 30,000. */
  requestTimeoutMs?: number;
  /**
   * The Hugging Face routes' answer: `pipeline` is `{sequence, labels, scores}` (the transformers
   * pipeline and the classic Inference API); `list` is `[{label, score}, ...]` (the task spec, what
   * huggingface_hub >= 1.1.5 parses); `auto` (default) answers `list` to huggingface_hub >= 1.1.5
   * (its User-Agent says `hf_hub/<version>`) and `pipeline` to everyone else.
   */
  huggingFaceFormat?: HuggingFaceFormat;
  /** Receives one line per notable event (start, errors, shutdown); libraries never print. Default: none. */
  log?: (line: string) => void;
  /** Log every request (method, route, status, milliseconds). Default false. */
  logRequests?: boolean;
}

export type ResolvedServerOptions = Required<Omit<ServerOptions, 'log'>> & { log: (line: string) => void };

export const DEFAULT_SERVER_OPTIONS = {
  maxBatch: 32,
  maxWaitMs: 5,
  maxQueue: 256,
  maxTexts: 64,
  maxLabels: 256,
  maxTextLength: 20_000,
  bodyLimit: 1024 * 1024,
  requestTimeoutMs: 30_000,
  huggingFaceFormat: 'auto',
  logRequests: false,
} as const satisfies Omit<ResolvedServerOptions, 'log'>;

function positiveInteger(name: string, value: unknown, options: { allowZero?: boolean } = {}): void {
  const minimum = options.allowZero === true ? 0 : 1;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < minimum) {
    throw new InvalidArgumentError(name, `${name} must be ${options.allowZero === true ? 'a non-negative' : 'a positive'} integer, got ${JSON.stringify(value)}`);
  }
}

export function resolveServerOptions(options: ServerOptions = {}): ResolvedServerOptions {
  const resolved: ResolvedServerOptions = { ...DEFAULT_SERVER_OPTIONS, log: () => undefined, ...Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined)) };
  for (const name of ['maxBatch', 'maxQueue', 'maxLabels', 'maxTextLength', 'bodyLimit', 'requestTimeoutMs'] as const) positiveInteger(name, resolved[name]);
  positiveInteger('maxWaitMs', resolved.maxWaitMs, { allowZero: true });
  if (options.maxTexts === undefined) resolved.maxTexts = Math.min(DEFAULT_SERVER_OPTIONS.maxTexts, resolved.maxQueue);
  positiveInteger('maxTexts', resolved.maxTexts);
  if (resolved.maxTexts > resolved.maxQueue) {
    throw new InvalidArgumentError('maxTexts', `maxTexts ${resolved.maxTexts} is more than maxQueue ${resolved.maxQueue}: such a request could never be queued; raise maxQueue (--max-queue) or lower maxTexts (--max-texts)`);
  }
  if (!['auto', 'pipeline', 'list'].includes(resolved.huggingFaceFormat)) {
    throw new InvalidArgumentError('huggingFaceFormat', `huggingFaceFormat must be "auto", "pipeline" or "list", got ${JSON.stringify(resolved.huggingFaceFormat)}`);
  }
  if (typeof resolved.log !== 'function') throw new InvalidArgumentError('log', 'log must be a function (line: string) => void');
  return resolved;
}
