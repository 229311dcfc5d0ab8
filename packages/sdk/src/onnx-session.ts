/**
 * A thin wrapper over an onnxruntime-node InferenceSession: loads a model file with a thread
 * setting, checks that every input the graph declares is provided (reporting all missing inputs at
 * once), converts Int32Array token tensors to int64, and names the tensors it was given when a run
 * fails (InferenceError: a run-time failure, not the caller's input and not loading).
 */
import { access } from 'node:fs/promises';
import { BackendUnavailableError, InferenceError, InvalidArgumentError, ModelLoadError } from '@gliznet/common';
import * as ort from 'onnxruntime-node';
import { runInt64Session } from './run-int64-session.js';

/** An integer input tensor: row-major `data` with shape `dims`. */
export interface IntegerInput {
  data: Int32Array;
  dims: readonly number[];
}

/** A float output tensor: row-major `data` with shape `dims`. */
export interface FloatOutput {
  data: Float32Array;
  dims: readonly number[];
}

export interface OnnxSessionOptions {
  /** Threads for one operator (intra-op). Default: onnxruntime's choice (the number of cores). */
  threads?: number;
  /**
   * onnxruntime execution providers, tried in order (e.g. `['cuda', 'cpu']`). Default `['cpu']`, the
   * one in onnxruntime-node's npm package on every platform; others need onnxruntime's GPU binaries.
   */
  executionProviders?: readonly string[];
}

/** The execution providers used when none are given. */
export const DEFAULT_EXECUTION_PROVIDERS: readonly string[] = ['cpu'];

function checkExecutionProviders(value: unknown): readonly string[] {
  if (value === undefined) return DEFAULT_EXECUTION_PROVIDERS;
  if (!Array.isArray(value) || value.length === 0 || !value.every((name) => typeof name === 'string' && name.trim() !== '')) {
    throw new InvalidArgumentError('executionProviders', `executionProviders must be a non-empty array of onnxruntime provider names such as ['cpu'] or ['cuda', 'cpu'], got ${JSON.stringify(value)}`);
  }
  return value as string[];
}

export class OnnxSession {
  private constructor(
    /** Path of the .onnx file. */
    readonly path: string,
    private readonly session: ort.InferenceSession,
    /** The execution providers the session was created with. */
    readonly executionProviders: readonly string[],
  ) {}

  private disposed = false;

  /** Loads `path`; a missing or unloadable file is a ModelLoadError naming it. */
  static async create(path: string, options: OnnxSessionOptions = {}): Promise<OnnxSession> {
    if (options.threads !== undefined && (!Number.isInteger(options.threads) || options.threads < 1)) {
      throw new InvalidArgumentError('threads', `threads must be a positive integer, got ${String(options.threads)}`);
    }
    const providers = checkExecutionProviders(options.executionProviders);
    try {
      await access(path);
    } catch (error) {
      throw new ModelLoadError(path, `ONNX model file not found: ${path}`, { cause: error });
    }
    const sessionOptions: ort.InferenceSession.SessionOptions = {
      executionProviders: [...providers],
      graphOptimizationLevel: 'all',
      executionMode: 'sequential',
      interOpNumThreads: 1,
      // Shapes change with every batch, so memory patterns (planned per shape) only cost memory:
      // measured on the use-lite-sized model, peak RSS 345 MB with them, 257 MB without, same speed.
      enableMemPattern: false,
    };
    if (options.threads !== undefined) sessionOptions.intraOpNumThreads = options.threads;
    try {
      return new OnnxSession(path, await ort.InferenceSession.create(path, sessionOptions), providers);
    } catch (error) {
      const message = (error as Error).message;
      const nonDefault = providers.filter((name) => name !== 'cpu');
      if (nonDefault.length > 0 && /provider|backend|EP\b/i.test(message)) {
        throw new BackendUnavailableError(
          `onnxruntime cannot create a session with execution providers ${providers.join(', ')}: ${message}. The npm onnxruntime-node package ships the cpu provider; others need onnxruntime's GPU binaries (or use executionProviders: ['cpu']).`,
          { cause: error, attempts: nonDefault.map((backend) => ({ backend, reason: message })) },
        );
      }
      throw new ModelLoadError(path, `onnxruntime cannot load ${path}: ${message}`, { cause: error });
    }
  }

  /** Names of the graph's inputs, in declaration order. */
  get inputNames(): readonly string[] {
    return this.session.inputNames;
  }

  /** Names of the graph's outputs, in declaration order. */
  get outputNames(): readonly string[] {
    return this.session.outputNames;
  }

  /**
   * Runs the graph. Every declared input must be in `inputs` (extra entries are ignored, so callers
   * can offer `token_type_ids` to graphs that do not use it). Returns the float outputs by name.
   */
  async run(inputs: Readonly<Record<string, IntegerInput>>): Promise<Record<string, FloatOutput>> {
    if (this.disposed) throw new InferenceError(`the onnxruntime session of ${this.path} was disposed; load the model again`, { path: this.path });
    return runInt64Session(inputs, {
      inputNames: this.inputNames,
      path: this.path,
      runtime: 'onnxruntime',
      int64Tensor: (data, dims) => new ort.Tensor('int64', data, dims),
      run: (feeds) => this.session.run(feeds),
    });
  }

  /** Frees the native session. */
  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    await this.session.release();
  }
}
