/**
 * Backend selection, in one place. `auto` tries, in order: `tensorflow` (the native
 * `@tensorflow/tfjs-node-gpu`, then `@tensorflow/tfjs-node`, both optional and usually absent),
 * `wasm` (`@tensorflow/tfjs-backend-wasm`, the default here), then `cpu`. The choice is made once
 * per process; later calls asking for the same backend (or `auto`) return the same answer.
 */
import * as tf from '@tensorflow/tfjs-core';
import { BackendUnavailableError, InvalidArgumentError } from '@gliznet/common';

export type BackendName = 'tensorflow' | 'wasm' | 'cpu';
export type BackendRequest = BackendName | 'auto';

export interface SelectBackendOptions {
  /** Which backend to use; `auto` (default) picks the fastest one that loads. */
  backend?: BackendRequest;
  /**
   * wasm only: worker threads, set before the backend first initialises. Effective only where the
   * runtime supports wasm threads; tfjs 4.22's wasm backend reports no multithread support in Node
   * and runs single-threaded there.
   */
  threads?: number;
  /** Called once, the first time a backend is selected, with a one-line summary. Libraries never print. */
  log?: (message: string) => void;
}

export interface SelectedBackend {
  /** The active tfjs backend. */
  name: BackendName;
  /** Why it was chosen, including the alternatives that failed. */
  reason: string;
}

interface Attempt {
  backend: string;
  reason: string;
}

let selected: SelectedBackend | undefined;

function describe(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n')[0] ?? message;
}

async function tryTensorflow(attempts: Attempt[]): Promise<boolean> {
  for (const packageName of ['@tensorflow/tfjs-node-gpu', '@tensorflow/tfjs-node']) {
    try {
      // Optional native packages: resolved at run time only, never required to install or test.
      await import(/* @vite-ignore */ packageName);
      if (await tf.setBackend('tensorflow')) return true;
      attempts.push({ backend: `tensorflow (${packageName})`, reason: 'loaded, but the tensorflow backend failed to initialise' });
    } catch (error) {
      attempts.push({ backend: `tensorflow (${packageName})`, reason: describe(error) });
    }
  }
  return false;
}

async function tryWasm(attempts: Attempt[], threads: number | undefined): Promise<boolean> {
  try {
    const wasm = await import('@tensorflow/tfjs-backend-wasm');
    if (threads !== undefined) wasm.setThreadsCount(threads);
    if (await tf.setBackend('wasm')) return true;
    attempts.push({ backend: 'wasm', reason: 'the wasm backend failed to initialise' });
  } catch (error) {
    attempts.push({ backend: 'wasm', reason: describe(error) });
  }
  return false;
}

async function tryCpu(attempts: Attempt[]): Promise<boolean> {
  try {
    await import('@tensorflow/tfjs-backend-cpu');
    if (await tf.setBackend('cpu')) return true;
    attempts.push({ backend: 'cpu', reason: 'the cpu backend failed to initialise' });
  } catch (error) {
    attempts.push({ backend: 'cpu', reason: describe(error) });
  }
  return false;
}

/**
 * Activates a tfjs backend and returns which one and why. Throws BackendUnavailableError listing
 * every attempt when the requested backend (or, for `auto`, every backend) fails to load.
 */
export async function selectBackend(options: SelectBackendOptions = {}): Promise<SelectedBackend> {
  const request = options.backend ?? 'auto';
  if (!['auto', 'tensorflow', 'wasm', 'cpu'].includes(request)) {
    throw new InvalidArgumentError('backend', `backend ${JSON.stringify(request)} is unknown; use "auto", "tensorflow", "wasm" or "cpu"`);
  }
  if (selected !== undefined && (request === 'auto' || request === selected.name) && tf.getBackend() === selected.name) {
    return selected;
  }
  const attempts: Attempt[] = [];
  const order: BackendName[] = request === 'auto' ? ['tensorflow', 'wasm', 'cpu'] : [request];
  for (const name of order) {
    const ok =
      name === 'tensorflow' ? await tryTensorflow(attempts) : name === 'wasm' ? await tryWasm(attempts, options.threads) : await tryCpu(attempts);
    if (ok) {
      const skipped = attempts.map((attempt) => `${attempt.backend}: ${attempt.reason}`);
      const reason =
        request === 'auto'
          ? `auto: ${name} is the first available backend${skipped.length > 0 ? ` (skipped ${skipped.join('; ')})` : ''}`
          : `${name} requested explicitly`;
      const first = selected === undefined;
      selected = { name, reason };
      if (first) options.log?.(`gliznet: tfjs backend ${name} (${reason})`);
      return selected;
    }
  }
  throw new BackendUnavailableError(
    `no usable tfjs backend for ${JSON.stringify(request)}:\n${attempts.map((attempt) => `  - ${attempt.backend}: ${attempt.reason}`).join('\n')}\n` +
      'Install @tensorflow/tfjs-backend-wasm (bundled with @gliznet/core) or pick another backend.',
    { attempts },
  );
}

/** The backend chosen by `selectBackend`, or undefined before the first call. */
export function selectedBackend(): SelectedBackend | undefined {
  return selected;
}
