/**
 * ZeroShotClassifier: GliZNet (all labels in one pass) or cross-encoder (one pass per label) ONNX
 * models on onnxruntime-node, with the gliznet tokenizer. No TensorFlow.js.
 */
import { AbortedError, InferenceError, InvalidArgumentError, type ModelConfig } from '@gliznet/common';
import type { ClassificationResult, ClassifierEncoder, ClassifierTimings, LogitsRunner } from './classification-types.js';
import { normalizeClassifyInput, type NormalizedClassifyInput } from './classify-input.js';
import { modelLimits, resolveClassifyOptions, type ClassifyOptions, type ResolvedClassifyOptions } from './classify-options.js';
import { inspectModelDirectory, resolveDefaultModelDirectory } from './model-directory.js';
import { OnnxSession, type FloatOutput, type IntegerInput } from './onnx-session.js';
import { runClassification, type ScoringOptions } from './run-classification.js';
import { checkSessionSignature } from './session-signature.js';
import { loadClassifierEncoder } from './tokenizer-adapter.js';

export interface FromPretrainedOptions {
  /**
   * true: load `onnx/model_quantized.onnx` (int8 weights); false: `onnx/model.onnx` (fp32).
   * Default: `onnx/model.onnx` when the directory has it, else `onnx/model_quantized.onnx` (the
   * default model ships only its int8 graph). `classifier.quantized` says which one was loaded.
   */
  quantized?: boolean | undefined;
  /** onnxruntime intra-op threads. Default: onnxruntime's choice (the number of cores). */
  threads?: number;
  /**
   * How a label becomes the text the model reads, `{label}` replaced (e.g. `"This text is about
   * {label}."`). Default: config.json's `hypothesis_template`; a model reads best the one it was
   * trained with.
   */
  hypothesisTemplate?: string;
  /**
   * onnxruntime execution providers, tried in order, e.g. `['cuda', 'cpu']`. Default `['cpu']` (the
   * provider in onnxruntime-node's npm package). An unavailable one is a BackendUnavailableError.
   */
  executionProviders?: readonly string[];
}

/** The scoring options one request of `classifyMany` may set for itself. */
export type RequestScoringOptions = Pick<ClassifyOptions, 'multiLabel' | 'threshold' | 'topK'>;

/** One request of `classifyMany`: its texts, its labels (shared or one list per text) and its scoring options. */
export interface ClassifyRequest {
  texts: readonly string[];
  labels: readonly string[] | readonly (readonly string[])[];
  options?: RequestScoringOptions;
}

/** Options of `classifyMany`: everything of ClassifyOptions that acts on what the model reads, for all requests. */
export type ClassifyManyOptions = Omit<ClassifyOptions, 'multiLabel' | 'threshold' | 'topK'>;

/** What `classifyMany` returns: each request's results (in request and text order) and this call's timings. */
export interface ClassifyManyResult {
  results: ClassificationResult[][];
  timings: ClassifierTimings;
}

/** Most per-call hypothesis templates whose label encoders are kept (oldest dropped first). */
const MAX_CACHED_TEMPLATES = 16;

function zeroTimings(): ClassifierTimings {
  return { tokenizationMs: 0, inferenceMs: 0, postprocessingMs: 0, batches: 0, passes: 0 };
}

// The model contract check, shared with @gliznet/web (session-signature.ts).
export { checkSessionSignature };

/**
 * The checks `classify` makes of its texts, labels and options for a model with `config`, without a
 * loaded model: throws the InvalidArgumentError `classify` would (a server checks requests with it
 * in one thread while the model runs in another).
 */
export function checkClassifyInput(config: ModelConfig, textOrTexts: unknown, labels: unknown, options: ClassifyOptions = {}): void {
  normalizeClassifyInput(textOrTexts, labels, { separator: config.gliznet.separator });
  resolveClassifyOptions(options, config.gliznet, modelLimits(config.huggingFace));
}

export class ZeroShotClassifier {
  private readonly timingTotals: ClassifierTimings = zeroTimings();
  private disposed = false;
  /** Encoders of per-call hypothesis templates (the session is shared). */
  private readonly templateEncoders = new Map<string, Promise<ClassifierEncoder>>();

  private constructor(
    /** Absolute path of the model directory. */
    readonly modelDirectory: string,
    /** The model's parsed config.json (with `fromPretrained`'s hypothesisTemplate, when given). */
    readonly config: ModelConfig,
    private readonly session: OnnxSession,
    private readonly encoder: ClassifierEncoder,
    /** Whether the int8 graph (`onnx/model_quantized.onnx`) is loaded, not the fp32 one. */
    readonly quantized: boolean,
  ) {}

  /**
   * Loads a model directory (config.json, tokenizer.json, onnx/model.onnx or
   * onnx/model_quantized.onnx). Without `modelDirectory`, uses `$GLIZNET_MODEL_DIR` or the packaged
   * default model. Throws ModelLoadError listing everything missing or incompatible.
   */
  static async fromPretrained(modelDirectory?: string, options: FromPretrainedOptions = {}): Promise<ZeroShotClassifier> {
    const directory = modelDirectory ?? (await resolveDefaultModelDirectory());
    const contents = await inspectModelDirectory(directory, { quantized: options.quantized });
    const config: ModelConfig =
      options.hypothesisTemplate === undefined ? contents.config : { ...contents.config, gliznet: { ...contents.config.gliznet, hypothesisTemplate: options.hypothesisTemplate } };
    const encoder = await loadClassifierEncoder(contents.directory, config);
    const session = await OnnxSession.create(contents.onnxPath, {
      ...(options.threads === undefined ? {} : { threads: options.threads }),
      ...(options.executionProviders === undefined ? {} : { executionProviders: options.executionProviders }),
    });
    try {
      checkSessionSignature(session, contents.config);
    } catch (error) {
      await session.dispose();
      throw error;
    }
    return new ZeroShotClassifier(contents.directory, config, session, encoder, contents.quantized);
  }

  /** The ONNX file in use. */
  get modelPath(): string {
    return this.session.path;
  }

  /** Inputs the ONNX graph declares. */
  get inputNames(): readonly string[] {
    return this.session.inputNames;
  }

  /** The onnxruntime execution providers of the session. */
  get executionProviders(): readonly string[] {
    return this.session.executionProviders;
  }

  /**
   * Classifies one text against candidate labels. Result labels are sorted by score, descending.
   * See ClassifyOptions for single- vs multi-label scoring, thresholds, long texts, abort and timeout.
   * Bad input: InvalidArgumentError; a run-time failure: InferenceError; abort or timeout: AbortedError.
   */
  classify(text: string, labels: readonly string[], options?: ClassifyOptions): Promise<ClassificationResult>;
  /** Classifies many texts against one shared label list or one label list per text. Results are in input order. */
  classify(texts: readonly string[], labels: readonly string[] | readonly (readonly string[])[], options?: ClassifyOptions): Promise<ClassificationResult[]>;
  async classify(
    textOrTexts: string | readonly string[],
    labels: readonly string[] | readonly (readonly string[])[],
    options: ClassifyOptions = {},
  ): Promise<ClassificationResult | ClassificationResult[]> {
    this.checkUsable();
    const input = this.checkInput(textOrTexts, labels);
    const resolved = this.resolveOptions(options);
    const { results } = await this.run(input.texts, input.labelLists, resolved, undefined);
    return input.single ? (results[0] as ClassificationResult) : results;
  }

  /**
   * Classifies several requests in one call: their texts share the same length-sorted onnxruntime
   * batches (what a server's dynamic batching needs), while each request keeps its own labels and
   * scoring options. Each request's results equal what `classify(request.texts, request.labels,
   * { ...options, ...request.options })` returns. Returns this call's timings too. Every request is
   * checked before anything runs; an InvalidArgumentError names the request (`requests[2].labels[1]`).
   */
  async classifyMany(requests: readonly ClassifyRequest[], options: ClassifyManyOptions = {}): Promise<ClassifyManyResult> {
    this.checkUsable();
    if (!Array.isArray(requests)) throw new InvalidArgumentError('requests', `requests must be an array of { texts, labels, options? }, got ${requests === null ? 'null' : typeof requests}`);
    for (const key of ['multiLabel', 'threshold', 'topK']) {
      if (key in options) throw new InvalidArgumentError(key, `classifyMany takes ${key} per request (requests[i].options.${key}), not in the shared options`);
    }
    const resolved = this.resolveOptions(options);
    const texts: string[] = [];
    const labelLists: (readonly string[])[] = [];
    const scoring: ScoringOptions[] = [];
    const sizes: number[] = [];
    requests.forEach((request, index) => {
      const name = `requests[${index}]`;
      try {
        if (typeof request !== 'object' || request === null) throw new InvalidArgumentError(name, `${name} must be an object { texts, labels, options? }, got ${JSON.stringify(request)}`);
        if (!Array.isArray(request.texts)) throw new InvalidArgumentError('texts', `texts must be an array of strings, got ${request.texts === null ? 'null' : typeof request.texts}`);
        const input = this.checkInput(request.texts, request.labels);
        const extra = Object.keys(request.options ?? {}).filter((key) => !['multiLabel', 'threshold', 'topK'].includes(key));
        if (extra.length > 0) throw new InvalidArgumentError(`options.${extra[0] as string}`, `options may set multiLabel, threshold and topK per request; ${extra.join(', ')} belong in classifyMany's shared options`);
        const own = resolveClassifyOptions(request.options ?? {}, this.config.gliznet);
        texts.push(...input.texts);
        labelLists.push(...input.labelLists);
        for (let text = 0; text < input.texts.length; text += 1) scoring.push({ multiLabel: own.multiLabel, threshold: own.threshold, topK: own.topK });
        sizes.push(input.texts.length);
      } catch (error) {
        if (!InvalidArgumentError.isInstance(error) || error.argument.startsWith(name)) throw error;
        throw new InvalidArgumentError(`${name}.${error.argument}`, `${name}: ${error.message}`, { cause: error });
      }
    });
    const { results, timings } = await this.run(texts, labelLists, resolved, scoring);
    const grouped: ClassificationResult[][] = [];
    let next = 0;
    for (const size of sizes) {
      grouped.push(results.slice(next, next + size));
      next += size;
    }
    return { results: grouped, timings };
  }

  /**
   * Checks texts, labels and options exactly as `classify` would, without running anything: throws
   * the InvalidArgumentError `classify` would throw (a server checks each request before queueing it).
   * Limits that need the tokenizer (a label too long for the window) are found only when classifying.
   */
  checkClassifyInput(textOrTexts: string | readonly string[], labels: readonly string[] | readonly (readonly string[])[], options: ClassifyOptions = {}): void {
    checkClassifyInput(this.config, textOrTexts, labels, options);
  }

  /**
   * Time spent per stage (tokenization, inference, post-processing) by all calls since load or the
   * last reset, added up when each call ends. For one call's own timings use `classifyMany`.
   */
  timings(options: { reset?: boolean } = {}): ClassifierTimings {
    const snapshot = { ...this.timingTotals };
    if (options.reset === true) Object.assign(this.timingTotals, zeroTimings());
    return snapshot;
  }

  /** Releases the onnxruntime session. The classifier cannot be used afterwards (InferenceError). */
  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    await this.session.dispose();
  }

  private checkUsable(): void {
    if (this.disposed) throw new InferenceError(`the classifier of ${this.modelDirectory} was disposed; load the model again with fromPretrained`, { path: this.session.path });
  }

  private checkInput(textOrTexts: unknown, labels: unknown): NormalizedClassifyInput {
    return normalizeClassifyInput(textOrTexts, labels, { separator: this.config.gliznet.separator });
  }

  private resolveOptions(options: ClassifyOptions): ResolvedClassifyOptions {
    return resolveClassifyOptions(options, this.config.gliznet, modelLimits(this.config.huggingFace));
  }

  /** The encoder of a per-call template (loaded once, kept for the next calls). */
  private async encoderFor(template: string | undefined): Promise<ClassifierEncoder> {
    if (template === undefined || template === this.config.gliznet.hypothesisTemplate) return this.encoder;
    let encoder = this.templateEncoders.get(template);
    if (encoder === undefined) {
      encoder = loadClassifierEncoder(this.modelDirectory, { ...this.config, gliznet: { ...this.config.gliznet, hypothesisTemplate: template } });
      encoder.catch(() => this.templateEncoders.delete(template));
      if (this.templateEncoders.size >= MAX_CACHED_TEMPLATES) this.templateEncoders.delete(this.templateEncoders.keys().next().value as string);
      this.templateEncoders.set(template, encoder);
    }
    return encoder;
  }

  private async run(texts: readonly string[], labelLists: readonly (readonly string[])[], options: ResolvedClassifyOptions, scoring: readonly ScoringOptions[] | undefined): Promise<{ results: ClassificationResult[]; timings: ClassifierTimings }> {
    const deadline = options.timeoutMs === undefined ? undefined : performance.now() + options.timeoutMs;
    const { signal, timeoutMs } = options;
    const checkAborted = (): void => {
      if (signal?.aborted === true) {
        const reason: unknown = signal.reason;
        const timedOut = typeof reason === 'object' && reason !== null && (reason as { name?: unknown }).name === 'TimeoutError';
        throw new AbortedError(`classification was aborted${timedOut ? ' (its signal timed out)' : ''}${reason instanceof Error ? `: ${reason.message}` : ''}`, { timedOut, reason, cause: reason });
      }
      if (deadline !== undefined && performance.now() > deadline) {
        throw new AbortedError(`classification took longer than timeoutMs ${String(timeoutMs)}; raise timeoutMs or classify fewer texts per call`, { timedOut: true });
      }
    };
    checkAborted();
    const encoder = await this.encoderFor(options.hypothesisTemplate);
    const timings = zeroTimings();
    const runner: LogitsRunner = {
      runLogits: async (inputs: Record<string, IntegerInput>): Promise<FloatOutput> => {
        this.checkUsable();
        const outputs = await this.session.run(inputs);
        const logits = outputs['logits'];
        if (logits === undefined) throw new InferenceError(`${this.session.path} returned no "logits" output`, { path: this.session.path });
        return logits;
      },
    };
    try {
      const results = await runClassification({
        texts,
        labelLists,
        options,
        ...(scoring === undefined ? {} : { scoring }),
        checkAborted,
        architecture: this.config.gliznet.architecture,
        encoder,
        runner,
        timings,
        modelPath: this.session.path,
      });
      return { results, timings };
    } finally {
      for (const key of Object.keys(timings) as (keyof ClassifierTimings)[]) this.timingTotals[key] += timings[key];
    }
  }
}
