/**
 * `signal` and `timeoutMs` of ClassifyOptions as one check, called before planning and before each
 * model run (runClassification's `checkAborted`). Runtime-neutral (also used by @gliznet/web).
 */
import { AbortedError } from '@gliznet/common';
import type { ResolvedClassifyOptions } from './classify-options.js';

/** A check that throws AbortedError once `options.signal` fired or `options.timeoutMs` passed (timed from this call). */
export function createAbortCheck(options: Pick<ResolvedClassifyOptions, 'signal' | 'timeoutMs'>): () => void {
  const { signal, timeoutMs } = options;
  const deadline = timeoutMs === undefined ? undefined : performance.now() + timeoutMs;
  return (): void => {
    if (signal?.aborted === true) {
      const reason: unknown = signal.reason;
      const timedOut = typeof reason === 'object' && reason !== null && (reason as { name?: unknown }).name === 'TimeoutError';
      throw new AbortedError(`classification was aborted${timedOut ? ' (its signal timed out)' : ''}${reason instanceof Error ? `: ${reason.message}` : ''}`, { timedOut, reason, cause: reason });
    }
    if (deadline !== undefined && performance.now() > deadline) {
      throw new AbortedError(`classification took longer than timeoutMs ${String(timeoutMs)}; raise timeoutMs or classify fewer texts per call`, { timedOut: true });
    }
  };
}
