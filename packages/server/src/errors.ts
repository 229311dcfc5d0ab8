/** Errors of @gliznet/server: subclasses of @gliznet/common's, recognisable with `X.isInstance(error)`. */
import { GliznetError, type GliznetErrorOptions } from '@gliznet/common';

/** The request queue is full: the server sheds load (HTTP 503 with Retry-After) instead of queueing without bound. */
export class ServerOverloadedError extends GliznetError {
  override readonly name: string = 'ServerOverloadedError';
  override readonly code: string = 'ServerOverloadedError';
  /** Seconds after which a retry is likely to be accepted. */
  readonly retryAfterSeconds: number;

  constructor(message: string, options: GliznetErrorOptions & { retryAfterSeconds?: number } = {}) {
    super(message, options);
    this.retryAfterSeconds = options.retryAfterSeconds ?? 1;
  }

  static override isInstance(error: unknown): error is ServerOverloadedError {
    return GliznetError.isInstance(error) && error.code === 'ServerOverloadedError';
  }
}

/** The model is not loaded yet (or the server is shutting down): HTTP 503. */
export class NotReadyError extends GliznetError {
  override readonly name: string = 'NotReadyError';
  override readonly code: string = 'NotReadyError';

  static override isInstance(error: unknown): error is NotReadyError {
    return GliznetError.isInstance(error) && error.code === 'NotReadyError';
  }
}
