/**
 * What an encoder family is, tensor-free: how config.json's Hugging Face keys give its dimensions,
 * which named tensors it needs, which graph inputs it reads, and its forward pass written once
 * against `Ops<T>` (run on tfjs by @gliznet/core, emitted as ONNX by @gliznet/onnx-export).
 * A family is one file in this folder plus one line in `index.ts`.
 */
import { ConfigurationError } from '../errors.js';
import type { HiddenActivation, Ops } from '../ops.js';
import type { TensorSpec } from '../tensor-spec.js';

/** The sizes every family reads (a family adds its own). */
export interface EncoderDimensionsBase {
  family: string;
  vocabSize: number;
  /** Width of the token states the heads read. */
  hiddenSize: number;
  numLayers: number;
  numHeads: number;
  intermediateSize: number;
  layerNormEps: number;
  /** Feed-forward activation (`hidden_act`, aliases resolved). */
  hiddenActivation: HiddenActivation;
  /** Dropout on embeddings and sublayer outputs in training (`hidden_dropout_prob`, default 0). */
  hiddenDropout: number;
  /** Dropout on attention weights in training (`attention_probs_dropout_prob`, default 0). */
  attentionDropout: number;
}

/** Encoder inputs, all [batch, sequence] unless noted. */
export interface EncoderInputs<T> {
  /** int token ids */
  inputIds: T;
  /** 1 for real tokens, 0 for padding (int in a graph, float32 on tfjs) */
  attentionMask: T;
  /** int segment ids; null when the family does not read them (`needsTokenTypeIds` false) */
  tokenTypeIds: T | null;
  /** float [batch, 1, sequence, sequence] attention bias replacing the padding-only one (gliznet `label_attention`); it masks padded keys too. */
  maskBias?: T;
  /** int [batch, sequence] position ids replacing 0, 1, 2, ... (gliznet `label_positions`). */
  positionIds?: T;
}

export interface EncoderOutputs<T> {
  /** float [batch, sequence, hidden]: final token states. */
  hiddenStates: T;
  /** float [batch, heads, sequence, sequence]: the last layer's attention probabilities. */
  lastAttentionProbabilities: T;
}

export interface EncoderFamilyDefinition<D extends EncoderDimensionsBase = EncoderDimensionsBase> {
  /** The `gliznet.encoder` value. */
  readonly name: D['family'];
  /** Reads and checks config.json's Hugging Face keys; throws ConfigurationError listing every problem. */
  dimensions(huggingFace: Readonly<Record<string, unknown>>): D;
  /**
   * Every tensor of the encoder in file order, including its sentence head `<sentenceHeadPrefix>.*`
   * when the family keeps one (marked `unused` without `sentence_head`).
   */
  tensors(dimensions: D, options: { sentenceHead: boolean }): TensorSpec[];
  /** Name prefix of the sentence head tanh(W x + b): `<prefix>.weight` [hidden, hidden], `<prefix>.bias`. */
  readonly sentenceHeadPrefix: string;
  /** A checkpoint's name for a tensor -> the gliznet name (aliases, e.g. BERT without `bert.`). */
  canonicalName(name: string): string;
  /** Tensors checkpoints carry that the model does not use (skipped on load unless listed by `tensors`). */
  isIgnoredTensorName(canonicalName: string): boolean;
  /** The encoder reads `token_type_ids` (so an exported graph declares that input). */
  readonly needsTokenTypeIds: boolean;
  /** The config.json keys of the family's pretrained encoder, when gliznet ships one. */
  readonly pretrainedHuggingFaceConfig?: Readonly<Record<string, unknown>>;
  /** The forward pass; returns token states and the last layer's attention. */
  encode<T>(ops: Ops<T>, inputs: EncoderInputs<T>, dimensions: D): EncoderOutputs<T>;
}

const activationAliases: Record<string, HiddenActivation> = { gelu: 'gelu', gelu_new: 'gelu_new', gelu_pytorch_tanh: 'gelu_new', relu: 'relu' };

/** Reads Hugging Face keys, collecting every problem; `finish` throws them as one ConfigurationError. */
export class HuggingFaceKeys {
  readonly problems: string[] = [];

  constructor(private readonly keys: Readonly<Record<string, unknown>>) {}

  positiveInteger(key: string, fallback?: number): number {
    const value = this.keys[key] ?? fallback;
    if (typeof value === 'number' && Number.isInteger(value) && value > 0) return value;
    this.problems.push(`${key} must be a positive integer, got ${JSON.stringify(value)}`);
    return Number.NaN; // never reported again by `divisible`
  }

  positiveNumber(key: string, fallback: number): number {
    const value = this.keys[key] ?? fallback;
    if (typeof value === 'number' && value > 0) return value;
    this.problems.push(`${key} must be a positive number, got ${JSON.stringify(value)}`);
    return fallback;
  }

  /** A dropout rate: absent means 0; otherwise a number in [0, 1). */
  probability(key: string): number {
    const value = this.keys[key];
    if (value === undefined || value === null) return 0;
    if (typeof value === 'number' && value >= 0 && value < 1) return value;
    this.problems.push(`${key} must be a number in [0, 1), got ${JSON.stringify(value)}`);
    return 0;
  }

  activation(fallback: HiddenActivation): HiddenActivation {
    const value = this.keys['hidden_act'] ?? fallback;
    const activation = typeof value === 'string' ? activationAliases[value] : undefined;
    if (activation === undefined) this.problems.push(`hidden_act ${JSON.stringify(value)} is not supported; use one of ${Object.keys(activationAliases).join(', ')}`);
    return activation ?? fallback;
  }

  /** The sizes every family reads, under their Hugging Face names, with the family's defaults. */
  baseDimensions<F extends string>(family: F, defaults: { layerNormEps: number; activation: HiddenActivation }): EncoderDimensionsBase & { family: F } {
    return {
      family,
      vocabSize: this.positiveInteger('vocab_size'),
      hiddenSize: this.positiveInteger('hidden_size'),
      numLayers: this.positiveInteger('num_hidden_layers'),
      numHeads: this.positiveInteger('num_attention_heads'),
      intermediateSize: this.positiveInteger('intermediate_size'),
      layerNormEps: this.positiveNumber('layer_norm_eps', defaults.layerNormEps),
      hiddenActivation: this.activation(defaults.activation),
      hiddenDropout: this.probability('hidden_dropout_prob'),
      attentionDropout: this.probability('attention_probs_dropout_prob'),
    };
  }

  raw(key: string): unknown {
    return this.keys[key];
  }

  /** Records `message` when both sizes are valid and `size` is not a multiple of `divisor`. */
  divisible(size: number, divisor: number, message: string): void {
    if (Number.isInteger(size) && Number.isInteger(divisor) && size % divisor !== 0) this.problems.push(message);
  }

  finish<D>(family: string, dimensions: D): D {
    if (this.problems.length > 0) throw new ConfigurationError(`config.json does not describe a ${family} encoder:\n  - ${this.problems.join('\n  - ')}`, { problems: this.problems });
    return dimensions;
  }
}
