/**
 * tfjs-wasm runs out of its 4 GB heap with a bare `RuntimeError: memory access out of bounds` (or an
 * emscripten `Aborted()` when growing it fails), which names neither the cause nor the fix. `explainHeapExhaustion` turns
 * that into a ConfigurationError saying which settings make a step smaller; any other error passes
 * through unchanged.
 */
import { ConfigurationError } from '@gliznet/common';

export interface StepSettings {
  backend: string;
  step: number;
  batchSize: number;
  maxLength: number;
  architecture: string;
  maxLabels: number;
}

/** WebAssembly.RuntimeError (the lib this package compiles against does not declare WebAssembly). */
const wasmRuntimeError = (globalThis as { WebAssembly?: { RuntimeError: abstract new () => Error } }).WebAssembly?.RuntimeError;

/** Whether `error` is the wasm heap running out (an out-of-bounds WebAssembly.RuntimeError or an emscripten abort). */
export function isHeapExhaustion(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const wasmRuntime = wasmRuntimeError !== undefined && error instanceof wasmRuntimeError;
  return (wasmRuntime && /memory access out of bounds/i.test(error.message)) || /Aborted\(|Cannot enlarge memory/i.test(error.message);
}

export function explainHeapExhaustion(error: unknown, settings: StepSettings): unknown {
  if (!isHeapExhaustion(error)) return error;
  const pairs = settings.architecture === 'cross-encoder' ? ` x up to ${settings.maxLabels} label pairs` : '';
  return new ConfigurationError(
    `the ${settings.backend} backend ran out of memory at step ${settings.step + 1} (batch ${settings.batchSize}${pairs}, up to ${settings.maxLength} tokens): ` +
      `lower --batch-size (now ${settings.batchSize})${settings.architecture === 'cross-encoder' ? ` or --max-labels (now ${settings.maxLabels})` : ''} or --max-length (now ${settings.maxLength}); ` +
      'tfjs-wasm has a 4 GB heap, tfjs-node has none of that limit',
    { cause: error },
  );
}
