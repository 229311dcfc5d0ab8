/** The messages between WorkerClassifier (server thread) and classifier-worker.ts (model thread), and errors across the boundary. */
import { AbortedError, BackendUnavailableError, ConfigurationError, GliznetError, InferenceError, InputTooLongError, InvalidArgumentError, ModelLoadError, type ModelConfig } from '@gliznet/common';
import type { ClassifyManyOptions, ClassifyManyResult, ClassifyRequest, FromPretrainedOptions } from '@gliznet/sdk';

export interface WorkerData {
  modelDirectory: string | undefined;
  options: FromPretrainedOptions;
  /** When the worker entry is TypeScript (running from the sources): the tsx loader's `tsx/esm/api` URL. */
  tsxApi?: string;
  entry: string;
}

/** Messages from the server thread. */
export type WorkerRequest = { type: 'classify'; id: number; requests: ClassifyRequest[]; options: ClassifyManyOptions } | { type: 'dispose' };

/** Messages from the model thread. */
export type WorkerReply =
  | { type: 'ready'; config: ModelConfig; modelDirectory: string; modelPath: string }
  | { type: 'load-failed'; error: SerializedError }
  | { type: 'result'; id: number; outcome: ClassifyManyResult }
  | { type: 'error'; id: number; error: SerializedError };

/** An error as it crosses the thread boundary: its code and the fields its class carries. */
export interface SerializedError {
  code: string;
  message: string;
  argument?: string;
  labelsThatFit?: number;
  path?: string;
  timedOut?: boolean;
  problems?: readonly string[];
}

export function serializeError(error: unknown): SerializedError {
  if (!GliznetError.isInstance(error)) return { code: 'Error', message: error instanceof Error ? (error.stack ?? error.message) : String(error) };
  const fields = error as unknown as Record<string, unknown>;
  const serialized: SerializedError = { code: error.code, message: error.message };
  if (typeof fields['argument'] === 'string') serialized.argument = fields['argument'];
  if (typeof fields['labelsThatFit'] === 'number') serialized.labelsThatFit = fields['labelsThatFit'];
  if (typeof fields['path'] === 'string') serialized.path = fields['path'];
  if (typeof fields['timedOut'] === 'boolean') serialized.timedOut = fields['timedOut'];
  if (Array.isArray(fields['problems'])) serialized.problems = fields['problems'] as string[];
  return serialized;
}

/** The error class the code names, with its fields (an unknown code: InferenceError with the message). */
export function deserializeError(error: SerializedError): GliznetError {
  const argument = error.argument ?? 'request';
  switch (error.code) {
    case 'InputTooLongError':
      return new InputTooLongError(argument, error.message, error.labelsThatFit === undefined ? {} : { labelsThatFit: error.labelsThatFit });
    case 'InvalidArgumentError':
      return new InvalidArgumentError(argument, error.message);
    case 'ModelLoadError':
      return new ModelLoadError(error.path ?? 'model', error.message, { problems: error.problems ?? [] });
    case 'ConfigurationError':
      return new ConfigurationError(error.message, { problems: error.problems ?? [] });
    case 'BackendUnavailableError':
      return new BackendUnavailableError(error.message);
    case 'AbortedError':
      return new AbortedError(error.message, { timedOut: error.timedOut ?? false });
    case 'InferenceError':
      return new InferenceError(error.message, error.path === undefined ? {} : { path: error.path });
    default:
      return new InferenceError(`the model thread failed: ${error.message}`);
  }
}
