/**
 * ZeroShotClassifier: GliZNet (all labels in one pass) or cross-encoder (one pass per label) ONNX
 * models on onnxruntime-node, with the gliznet tokenizer. No TensorFlow.js.
 */
import { ModelLoadError, type ModelConfig } from '@gliznet/common';
import type { ClassificationResult, ClassifierEncoder, ClassifierTimings, LogitsRunner } from './classification-types.js';
import { normalizeClassifyInput } from './classify-input.js';
import { modelLimits, resolveClassifyOptions, type ClassifyOptions } from './classify-options.js';
import { inspectModelDirectory, resolveDefaultModelDirectory } from './model-directory.js';
import { OnnxSession, type FloatOutput, type IntegerInput } from './onnx-session.js';
import { runClassification } from './run-classification.js';
import { loadClassifierEncoder } from './tokenizer-adapter.js';

export interface FromPretrainedOptions {
  /** Load `onnx/model_quantized.onnx` (int8 weights) instead of `onnx/model.onnx`. Default false. */
  quantized?: boolean;
  /** onnxruntime intra-op threads. Default: onnxruntime's choice (the number of cores). */
  threads?: number;
  /**
   * How a label becomes the text the model reads, `{label}` replaced (e.g. `"This text is about
   * {label}."`). Default: config.json's `hypothesis_template`; a model reads best the one it was
   * trained with.
   */
  hypothesisTemplate?: string;
}

/** Inputs the classifier can provide; a graph asking for anything else cannot be served. */
const PROVIDED_INPUTS = ['input_ids', 'attention_mask', 'lmask', 'token_type_ids'] as const;

function zeroTimings(): ClassifierTimings {
  return { tokenizationMs: 0, inferenceMs: 0, postprocessingMs: 0, batches: 0, passes: 0 };
}

/** Checks the graph's inputs and outputs against what the classifier provides and needs. */
export function checkSessionSignature(session: Pick<OnnxSession, 'path' | 'inputNames' | 'outputNames'>, config: ModelConfig): void {
  const problems: string[] = [];
  const unsupported = session.inputNames.filter((name) => !(PROVIDED_INPUTS as readonly string[]).includes(name));
  if (unsupported.length > 0) problems.push(`the graph expects inputs the classifier cannot provide: ${unsupported.join(', ')} (it provides ${PROVIDED_INPUTS.join(', ')})`);
  for (const name of ['input_ids', 'attention_mask']) {
    if (!session.inputNames.includes(name)) problems.push(`the graph has no "${name}" input`);
  }
  if (config.gliznet.architecture === 'gliznet' && !session.inputNames.includes('lmask')) {
    problems.push('config.json says architecture "gliznet" but the graph has no "lmask" input (is it a cross-encoder export?)');
  }
  if (!session.outputNames.includes('logits')) problems.push(`the graph has no "logits" output (outputs: ${session.outputNames.join(', ')})`);
  if (problems.length > 0) {
    throw new ModelLoadError(session.path, `${session.path} does not match the gliznet model contract (docs/model-format.md):\n  - ${problems.join('\n  - ')}\nRe-export the model with @gliznet/onnx-export.`, { problems });
  }
}

export class ZeroShotClassifier {
  private readonly timingTotals: ClassifierTimings = zeroTimings();
  private disposed = false;

  private constructor(
    /** Absolute path of the model directory. */
    readonly modelDirectory: string,
    /** The model's parsed config.json. */
    readonly config: ModelConfig,
    private readonly session: OnnxSession,
    private readonly encoder: ClassifierEncoder,
  ) {}

  /**
   * Loads a model directory (config.json, tokenizer.json, onnx/model.onnx or
   * onnx/model_quantized.onnx). Without `modelDirectory`, uses `$GLIZNET_MODEL_DIR` or the packaged
   * default model. Throws ModelLoadError listing everything missing or incompatible.
   */
  static async fromPretrained(modelDirectory?: string, options: FromPretrainedOptions = {}): Promise<ZeroShotClassifier> {
    const directory = modelDirectory ?? (await resolveDefaultModelDirectory());
    const contents = await inspectModelDirectory(directory, { quantized: options.quantized ?? false });
    const config: ModelConfig =
      options.hypothesisTemplate === undefined ? contents.config : { ...contents.config, gliznet: { ...contents.config.gliznet, hypothesisTemplate: options.hypothesisTemplate } };
    const encoder = await loadClassifierEncoder(contents.directory, config);
    const sessionOptions = options.threads === undefined ? {} : { threads: options.threads };
    const session = await OnnxSession.create(contents.onnxPath, sessionOptions);
    try {
      checkSessionSignature(session, contents.config);
    } catch (error) {
      await session.dispose();
      throw error;
    }
    return new ZeroShotClassifier(contents.directory, config, session, encoder);
  }

  /** The ONNX file in use. */
  get modelPath(): string {
    return this.session.path;
  }

  /** Inputs the ONNX graph declares. */
  get inputNames(): readonly string[] {
    return this.session.inputNames;
  }

  /**
   * Classifies one text against candidate labels. Result labels are sorted by score, descending.
   * See ClassifyOptions for single- vs multi-label scoring, thresholds and long texts.
   */
  classify(text: string, labels: readonly string[], options?: ClassifyOptions): Promise<ClassificationResult>;
  /** Classifies many texts against one shared label list or one label list per text. Results are in input order. */
  classify(texts: readonly string[], labels: readonly string[] | readonly (readonly string[])[], options?: ClassifyOptions): Promise<ClassificationResult[]>;
  async classify(
    textOrTexts: string | readonly string[],
    labels: readonly string[] | readonly (readonly string[])[],
    options: ClassifyOptions = {},
  ): Promise<ClassificationResult | ClassificationResult[]> {
    if (this.disposed) throw new ModelLoadError(this.modelDirectory, 'this classifier was disposed; load the model again with fromPretrained');
    const input = normalizeClassifyInput(textOrTexts, labels, { separator: this.config.gliznet.separator });
    const resolved = resolveClassifyOptions(options, this.config.gliznet, modelLimits(this.config.huggingFace));
    const runner: LogitsRunner = {
      runLogits: async (inputs: Record<string, IntegerInput>): Promise<FloatOutput> => {
        const outputs = await this.session.run(inputs);
        const logits = outputs['logits'];
        if (logits === undefined) throw new ModelLoadError(this.session.path, `${this.session.path} returned no "logits" output`);
        return logits;
      },
    };
    const results = await runClassification({
      texts: input.texts,
      labelLists: input.labelLists,
      options: resolved,
      architecture: this.config.gliznet.architecture,
      encoder: this.encoder,
      runner,
      timings: this.timingTotals,
      modelPath: this.session.path,
    });
    return input.single ? (results[0] as ClassificationResult) : results;
  }

  /** Time spent per stage (tokenization, inference, post-processing) since load or the last reset. */
  timings(options: { reset?: boolean } = {}): ClassifierTimings {
    const snapshot = { ...this.timingTotals };
    if (options.reset === true) Object.assign(this.timingTotals, zeroTimings());
    return snapshot;
  }

  /** Releases the onnxruntime session. The classifier cannot be used afterwards. */
  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    await this.session.dispose();
  }
}
