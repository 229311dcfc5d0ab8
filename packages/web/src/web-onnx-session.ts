/**
 * A thin wrapper over an onnxruntime-web InferenceSession on the wasm backend (SIMD; worker threads
 * when the page is cross-origin isolated): creates it from the graph's bytes, checks that every
 * declared input is provided (all missing ones at once), converts Int32Array token tensors to
 * int64, and names the tensors it was given when a run fails. The counterpart of the SDK's
 * OnnxSession (onnxruntime-node).
 */
import { InferenceError, InvalidArgumentError, ModelLoadError } from '@gliznet/common';
import { runInt64Session, type FloatOutput, type IntegerInput } from '@gliznet/sdk/pipeline';
import * as ort from 'onnxruntime-web/wasm';

export interface WebOnnxSessionOptions {
  /**
   * wasm worker threads. Default: `min(4, navigator.hardwareConcurrency)` when the page is
   * cross-origin isolated (`crossOriginIsolated`: SharedArrayBuffer available), else 1. onnxruntime
   * reads it once, when the first session of the page is created.
   */
  threads?: number;
  /**
   * Where onnxruntime-web's `.wasm` and `.mjs` files are served from: a URL prefix, or each file's
   * URL. Needed for worker threads with bundlers that inline onnxruntime-web (its workers start
   * from the `.mjs` file's URL). Default: resolved by the bundler from the package.
   */
  wasmPaths?: string | { wasm?: string; mjs?: string };
}

/** The thread count used when none is given: workers only where SharedArrayBuffer is allowed. */
export function defaultThreads(): number {
  const isolated = (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated === true;
  const cores = (globalThis as { navigator?: { hardwareConcurrency?: number } }).navigator?.hardwareConcurrency ?? 1;
  return isolated ? Math.max(1, Math.min(4, cores)) : 1;
}

export class WebOnnxSession {
  private disposed = false;

  private constructor(
    /** URL or file name of the graph, named in errors. */
    readonly path: string,
    private readonly session: ort.InferenceSession,
    /** wasm threads onnxruntime was configured with. */
    readonly threads: number,
  ) {}

  /** Creates a session from the graph's bytes; an unloadable graph is a ModelLoadError naming `path`. */
  static async create(path: string, bytes: Uint8Array, options: WebOnnxSessionOptions = {}): Promise<WebOnnxSession> {
    const threads = options.threads ?? defaultThreads();
    if (!Number.isInteger(threads) || threads < 1) throw new InvalidArgumentError('threads', `threads must be a positive integer, got ${String(options.threads)}`);
    ort.env.wasm.numThreads = threads;
    if (options.wasmPaths !== undefined) ort.env.wasm.wasmPaths = options.wasmPaths;
    const sessionOptions: ort.InferenceSession.SessionOptions = {
      executionProviders: ['wasm'],
      graphOptimizationLevel: 'all',
      executionMode: 'sequential',
      // Shapes change with every batch: memory patterns (planned per shape) only cost memory.
      enableMemPattern: false,
    };
    try {
      return new WebOnnxSession(path, await ort.InferenceSession.create(bytes, sessionOptions), ort.env.wasm.numThreads ?? threads);
    } catch (error) {
      throw new ModelLoadError(path, `onnxruntime-web cannot load ${path}: ${(error as Error).message}`, { cause: error });
    }
  }

  get inputNames(): readonly string[] {
    return this.session.inputNames;
  }

  get outputNames(): readonly string[] {
    return this.session.outputNames;
  }

  /** Runs the graph on the inputs it declares (extra entries are ignored). Returns the float outputs by name. */
  async run(inputs: Readonly<Record<string, IntegerInput>>): Promise<Record<string, FloatOutput>> {
    if (this.disposed) throw new InferenceError(`the onnxruntime-web session of ${this.path} was disposed; load the model again`, { path: this.path });
    return runInt64Session(inputs, {
      inputNames: this.inputNames,
      path: this.path,
      runtime: 'onnxruntime-web',
      int64Tensor: (data, dims) => new ort.Tensor('int64', data, dims),
      run: (feeds) => this.session.run(feeds),
    });
  }

  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    await this.session.release();
  }
}
