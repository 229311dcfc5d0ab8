/**
 * ZeroShotClassifier for browsers: the SDK's pipeline (@gliznet/sdk/pipeline: input checks, label
 * chunk planning, long-text windows, batching, exact merge, canonical label order, truncation
 * report) on onnxruntime-web (wasm) and the pure-JS tokenizer (@gliznet/tokenizer/core). The same
 * API shape, results and errors as the SDK's ZeroShotClassifier; nothing leaves the page.
 */
import { InferenceError, InvalidArgumentError, parseModelConfigText, type ModelConfig } from '@gliznet/common';
import {
  checkSessionSignature,
  createAbortCheck,
  createTokenizerEncoder,
  modelLimits,
  normalizeClassifyInput,
  resolveClassifyOptions,
  runClassification,
  type ClassificationResult,
  type ClassifierEncoder,
  type ClassifierTimings,
  type ClassifyOptions,
  type FloatOutput,
  type IntegerInput,
  type LogitsRunner,
  type ResolvedClassifyOptions,
} from '@gliznet/sdk/pipeline';
import { JointTokenizer, jsTokenBackend, type TokenBackend } from '@gliznet/tokenizer/core';
import type { LoadProgressCallback } from './load-progress.js';
import { readModelFiles, type ModelSource } from './model-source.js';
import { WebOnnxSession } from './web-onnx-session.js';

export interface FromPretrainedOptions {
  /** Load `onnx/model_quantized.onnx` (int8 weights, about a quarter of the download) instead of `onnx/model.onnx`. Default false, as in the SDK. */
  quantized?: boolean;
  /**
   * wasm worker threads. Default: `min(4, navigator.hardwareConcurrency)` when the page is
   * cross-origin isolated (COOP/COEP headers), else 1. Read once, by the page's first session.
   */
  threads?: number;
  /** How a label becomes the text the model reads (`{label}` replaced). Default: config.json's `hypothesis_template`. */
  hypothesisTemplate?: string;
  /** Loading progress: per-file download bytes, then `ready`. Default: none. */
  onProgress?: LoadProgressCallback;
  /** Stops the downloads: fromPretrained rejects with AbortedError. Default: none. */
  signal?: AbortSignal;
  /**
   * onnxruntime-web's `.wasm` / `.mjs` files: a URL prefix or each file's URL (with Vite:
   * `import mjs from 'onnxruntime-web/ort-wasm-simd-threaded.mjs?url'`). Worker threads need the
   * `.mjs` URL when the bundler inlines onnxruntime-web. Default: the bundler's.
   */
  wasmPaths?: string | { wasm?: string; mjs?: string };
  /** The fetch used for URLs. Default: `globalThis.fetch`. */
  fetch?: typeof fetch;
}

/** Most per-call hypothesis templates whose label encoders are kept (oldest dropped first). */
const MAX_CACHED_TEMPLATES = 16;

function zeroTimings(): ClassifierTimings {
  return { tokenizationMs: 0, inferenceMs: 0, postprocessingMs: 0, batches: 0, passes: 0 };
}

async function loadEncoder(backend: TokenBackend, source: string, config: ModelConfig): Promise<ClassifierEncoder> {
  const { separator, maxLength, minTextTokens, hypothesisTemplate } = config.gliznet;
  return createTokenizerEncoder(await JointTokenizer.fromBackend(backend, { source, separator, maxLength, minTextTokens, hypothesisTemplate }));
}

export class ZeroShotClassifier {
  private readonly timingTotals: ClassifierTimings = zeroTimings();
  private disposed = false;
  private readonly templateEncoders = new Map<string, Promise<ClassifierEncoder>>();

  private constructor(
    /** The model's URL (directory), or "files". */
    readonly modelDirectory: string,
    /** The model's parsed config.json (with `fromPretrained`'s hypothesisTemplate, when given). */
    readonly config: ModelConfig,
    private readonly session: WebOnnxSession,
    private readonly backend: TokenBackend,
    private readonly tokenizerSource: string,
    private readonly encoder: ClassifierEncoder,
  ) {}

  /**
   * Loads a model from the URL of its directory (config.json, tokenizer.json,
   * onnx/model.onnx or onnx/model_quantized.onnx; relative URLs resolve against the page) or from
   * its files. Throws ModelLoadError listing every file that is missing or unreadable, or a graph
   * that does not match the model contract; AbortedError when `signal` fires.
   */
  static async fromPretrained(source: ModelSource, options: FromPretrainedOptions = {}): Promise<ZeroShotClassifier> {
    const fetchFunction = options.fetch ?? (typeof globalThis.fetch === 'function' ? globalThis.fetch.bind(globalThis) : undefined);
    if (fetchFunction === undefined) throw new InvalidArgumentError('fetch', 'this runtime has no global fetch; pass options.fetch, or the model files');
    const files = await readModelFiles(source, { quantized: options.quantized ?? false, onProgress: options.onProgress, signal: options.signal, fetch: fetchFunction });
    const parsed = parseModelConfigText(files.configText, files.configName);
    const config: ModelConfig = options.hypothesisTemplate === undefined ? parsed : { ...parsed, gliznet: { ...parsed.gliznet, hypothesisTemplate: options.hypothesisTemplate } };
    const backend = jsTokenBackend(files.tokenizerText, { source: files.tokenizerName });
    const encoder = await loadEncoder(backend, files.tokenizerName, config);
    const session = await WebOnnxSession.create(files.modelName, files.modelBytes, {
      ...(options.threads === undefined ? {} : { threads: options.threads }),
      ...(options.wasmPaths === undefined ? {} : { wasmPaths: options.wasmPaths }),
    });
    try {
      checkSessionSignature(session, parsed);
    } catch (error) {
      await session.dispose();
      throw error;
    }
    options.onProgress?.({ status: 'ready', files: [files.configName, files.tokenizerName, files.modelName], loadedBytes: files.configText.length + files.tokenizerText.length + files.modelBytes.length });
    return new ZeroShotClassifier(files.origin, config, session, backend, files.tokenizerName, encoder);
  }

  /** The ONNX graph in use (URL or file name). */
  get modelPath(): string {
    return this.session.path;
  }

  /** Inputs the ONNX graph declares. */
  get inputNames(): readonly string[] {
    return this.session.inputNames;
  }

  /** wasm worker threads of onnxruntime-web. */
  get threads(): number {
    return this.session.threads;
  }

  /**
   * Classifies one text against candidate labels. Result labels are sorted by score, descending.
   * Options, results and errors as in @gliznet/sdk: InvalidArgumentError for bad input,
   * InferenceError for a run-time failure, AbortedError for abort or timeout.
   */
  classify(text: string, labels: readonly string[], options?: ClassifyOptions): Promise<ClassificationResult>;
  /** Classifies many texts against one shared label list or one label list per text. Results are in input order. */
  classify(texts: readonly string[], labels: readonly string[] | readonly (readonly string[])[], options?: ClassifyOptions): Promise<ClassificationResult[]>;
  async classify(textOrTexts: string | readonly string[], labels: readonly string[] | readonly (readonly string[])[], options: ClassifyOptions = {}): Promise<ClassificationResult | ClassificationResult[]> {
    this.checkUsable();
    const input = normalizeClassifyInput(textOrTexts, labels, { separator: this.config.gliznet.separator });
    const resolved = resolveClassifyOptions(options, this.config.gliznet, modelLimits(this.config.huggingFace));
    const results = await this.run(input.texts, input.labelLists, resolved);
    return input.single ? (results[0] as ClassificationResult) : results;
  }

  /** Time spent per stage by all calls since load or the last reset. */
  timings(options: { reset?: boolean } = {}): ClassifierTimings {
    const snapshot = { ...this.timingTotals };
    if (options.reset === true) Object.assign(this.timingTotals, zeroTimings());
    return snapshot;
  }

  /** Releases the onnxruntime-web session. The classifier cannot be used afterwards (InferenceError). */
  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    await this.session.dispose();
  }

  private checkUsable(): void {
    if (this.disposed) throw new InferenceError(`the classifier of ${this.modelDirectory} was disposed; load the model again with fromPretrained`, { path: this.session.path });
  }

  private async encoderFor(template: string | undefined): Promise<ClassifierEncoder> {
    if (template === undefined || template === this.config.gliznet.hypothesisTemplate) return this.encoder;
    let encoder = this.templateEncoders.get(template);
    if (encoder === undefined) {
      encoder = loadEncoder(this.backend, this.tokenizerSource, { ...this.config, gliznet: { ...this.config.gliznet, hypothesisTemplate: template } });
      encoder.catch(() => this.templateEncoders.delete(template));
      if (this.templateEncoders.size >= MAX_CACHED_TEMPLATES) this.templateEncoders.delete(this.templateEncoders.keys().next().value as string);
      this.templateEncoders.set(template, encoder);
    }
    return encoder;
  }

  private async run(texts: readonly string[], labelLists: readonly (readonly string[])[], options: ResolvedClassifyOptions): Promise<ClassificationResult[]> {
    const checkAborted = createAbortCheck(options);
    checkAborted();
    const encoder = await this.encoderFor(options.hypothesisTemplate);
    const timings = zeroTimings();
    const runner: LogitsRunner = {
      runLogits: async (inputs: Record<string, IntegerInput>): Promise<FloatOutput> => {
        this.checkUsable();
        const logits = (await this.session.run(inputs))['logits'];
        if (logits === undefined) throw new InferenceError(`${this.session.path} returned no "logits" output`, { path: this.session.path });
        return logits;
      },
    };
    try {
      return await runClassification({ texts, labelLists, options, checkAborted, architecture: this.config.gliznet.architecture, encoder, runner, timings, modelPath: this.session.path });
    } finally {
      for (const key of Object.keys(timings) as (keyof ClassifierTimings)[]) this.timingTotals[key] += timings[key];
    }
  }
}
