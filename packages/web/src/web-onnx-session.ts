/**
 * A thin wrapper over an onnxruntime-web InferenceSession on the wasm backend (SIMD; worker threads
 * when the page is cross-origin isolated): creates it from the graph's bytes, checks that every
 * declared input is provided (all missing ones at once), converts Int32Array token tensors to
 * int64, and names the tensors it was given when a run fails. The counterpart of the SDK's
 * OnnxSession (onnxruntime-node).
 */
import { InferenceError, InvalidArgumentError, ModelLoadError } from '@gliznet/common';
import { toBigInt64Array, type FloatOutput, type IntegerInput } from '@gliznet/sdk/pipeline';
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
    const missing = this.inputNames.filter((name) => inputs[name] === undefined);
    if (missing.length > 0) {
      throw new InvalidArgumentError('inputs', `${this.path} expects inputs ${this.inputNames.join(', ')}; missing: ${missing.join(', ')} (given: ${Object.keys(inputs).join(', ') || 'none'})`);
    }
    const feeds: Record<string, ort.Tensor> = {};
    for (const name of this.inputNames) {
      const input = inputs[name] as IntegerInput;
      feeds[name] = new ort.Tensor('int64', toBigInt64Array(input.data), [...input.dims]);
    }
    let results: ort.InferenceSession.OnnxValueMapType;
    try {
      results = await this.session.run(feeds);
    } catch (error) {
      const shapes = this.inputNames.map((name) => `${name} [${(inputs[name] as IntegerInput).dims.join(', ')}]`).join(', ');
      throw new InferenceError(`onnxruntime-web failed to run ${this.path} on ${shapes}: ${(error as Error).message}`, { cause: error, path: this.path });
    } finally {
      for (const tensor of Object.values(feeds)) tensor.dispose();
    }
    const outputs: Record<string, FloatOutput> = {};
    for (const [name, value] of Object.entries(results)) {
      const tensor = value as ort.Tensor;
      if (tensor.type === 'float32') outputs[name] = { data: tensor.data as Float32Array, dims: tensor.dims };
      else if (tensor.type === 'int64' || tensor.type === 'int32') outputs[name] = { data: Float32Array.from(tensor.data as ArrayLike<number | bigint>, Number), dims: tensor.dims };
    }
    return outputs;
  }

  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    await this.session.release();
  }
}
