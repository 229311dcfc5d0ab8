/**
 * The model directory's `config.json`: Hugging Face keys verbatim (so a BERT checkpoint's own
 * config.json is read as it is), plus gliznet's fields in one namespaced `"gliznet"` block.
 * See docs/model-format.md.
 */
import { ENCODER_FAMILIES, type EncoderFamily } from './encoder-families/index.js';
import { ConfigurationError, ModelLoadError } from './errors.js';
import { SIMILARITIES, type Similarity } from './scorers/index.js';

export type { EncoderFamily, Similarity };

/** Bumped when a change to the directory format needs new code to read it. */
export const MODEL_FORMAT_VERSION = 1;

export type Architecture = 'gliznet' | 'cross-encoder';
export type TextPooling = 'cls' | 'mean';
export type LabelPooling = 'attention' | 'mean';
/** What the tokens of a label may attend to in the joint sequence (see `GliznetSettings.labelAttention`). */
export type LabelAttention = 'all' | 'text-and-self' | 'self';
/** Position ids of label tokens (see `GliznetSettings.labelPositions`). */
export type LabelPositions = 'sequential' | 'after-text' | 'from-zero';

/** gliznet's own settings, stored under `"gliznet"` in config.json (snake_case there). */
export interface GliznetSettings {
  /** Directory format version; readers refuse versions newer than `MODEL_FORMAT_VERSION`. */
  formatVersion: number;
  /** `gliznet`: all labels in one pass. `cross-encoder`: one pass per (text, label) pair. */
  architecture: Architecture;
  /** Which encoder implementation reads the weights. */
  encoder: EncoderFamily;
  /** Text representation: final [CLS] state (`cls`, the report's choice) or masked mean of text tokens. */
  textPooling: TextPooling;
  /** Label representation: [CLS]-attention-weighted average of its tokens (`attention`) or plain mean. */
  labelPooling: LabelPooling;
  /**
   * Scorer: `dot` = mean(text * label), `bilinear` = text^T W label, `dot_learning` = w . (text * label) + b,
   * `cosine` = scale * cos(text, label) + bias.
   */
  similarity: Similarity;
  /**
   * When true, the pooled text vector and every pooled label vector go through the encoder's
   * sentence head `tanh(W x + b)` (use-lite: `use_lite.pooler`, bert: `bert.pooler.dense`) before
   * the projection; the cross-encoder applies it to its pooled vector. Default false.
   */
  sentenceHead: boolean;
  /** Width of the optional projection applied to text and label states; null for none. */
  projectionDim: number | null;
  /**
   * Attention in the joint sequence. `all` (the report's model): every token attends to every token,
   * so the text is read together with the candidate labels and a label with the other labels.
   * `text-and-self`: the text side (`[CLS] text [SEP]`) attends only to itself, so its states are
   * exactly the encoder's reading of the text alone; the tokens of label i attend to the text side and
   * to label i, never to another label. `self`: as `text-and-self`, but a label attends only to its
   * own tokens (one pass, but each label read alone, as a bi-encoder would). Needs `label_pooling`
   * `mean` unless `all` (the [CLS] query no longer sees the labels). Default `all`.
   */
  labelAttention: LabelAttention;
  /**
   * Positions of label tokens. `sequential`: 0, 1, 2, ... through the whole sequence. `after-text`:
   * every label starts right after the text side, as the second segment of a cross-encoder pair.
   * `from-zero`: every label starts at 0, as a sentence on its own. Default `sequential`.
   */
  labelPositions: LabelPositions;
  /** String placed between labels in the joint sequence. */
  separator: string;
  /** Largest number of labels per example seen in training (inference splits longer lists). */
  maxLabels: number;
  /** Default sequence window in tokens (text + labels + specials). */
  maxLength: number;
  /** Text tokens always kept when labels compete for the window. */
  minTextTokens: number;
  /** Default probability threshold for multi-label decisions. */
  threshold: number;
  /**
   * How a label becomes the text the model reads, `{label}` replaced by the label: each label
   * segment of a GliZNet sequence, or the second segment of a cross-encoder pair. Default
   * `"{label}"` (the label as given). Applied by the tokenizer, so training and inference agree.
   */
  hypothesisTemplate: string;
}

/** Parsed config.json: the Hugging Face keys as found, plus gliznet's settings. */
export interface ModelConfig {
  /** Every key of the file except `gliznet`, verbatim (model_type, hidden_size, ...). */
  huggingFace: Record<string, unknown>;
  gliznet: GliznetSettings;
}

export const DEFAULT_GLIZNET_SETTINGS: GliznetSettings = {
  formatVersion: MODEL_FORMAT_VERSION,
  architecture: 'gliznet',
  encoder: 'bert',
  textPooling: 'cls',
  labelPooling: 'attention',
  similarity: 'dot',
  sentenceHead: false,
  projectionDim: null,
  labelAttention: 'all',
  labelPositions: 'sequential',
  separator: ';',
  maxLabels: 20,
  maxLength: 256,
  minTextTokens: 8,
  threshold: 0.5,
  hypothesisTemplate: '{label}',
};

const snakeNames: Record<keyof GliznetSettings, string> = {
  formatVersion: 'format_version',
  architecture: 'architecture',
  encoder: 'encoder',
  textPooling: 'text_pooling',
  labelPooling: 'label_pooling',
  similarity: 'similarity',
  sentenceHead: 'sentence_head',
  projectionDim: 'projection_dim',
  labelAttention: 'label_attention',
  labelPositions: 'label_positions',
  separator: 'separator',
  maxLabels: 'max_labels',
  maxLength: 'max_length',
  minTextTokens: 'min_text_tokens',
  threshold: 'threshold',
  hypothesisTemplate: 'hypothesis_template',
};

const allowedValues: Partial<Record<keyof GliznetSettings, readonly string[]>> = {
  architecture: ['gliznet', 'cross-encoder'],
  encoder: ENCODER_FAMILIES,
  textPooling: ['cls', 'mean'],
  labelPooling: ['attention', 'mean'],
  similarity: SIMILARITIES,
  labelAttention: ['all', 'text-and-self', 'self'],
  labelPositions: ['sequential', 'after-text', 'from-zero'],
};

function isPositiveInteger(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value > 0;
}

/** Checks settings as a whole; returns every problem found (empty when valid). */
export function validateGliznetSettings(settings: GliznetSettings): string[] {
  const problems: string[] = [];
  for (const [key, values] of Object.entries(allowedValues) as [keyof GliznetSettings, readonly string[]][]) {
    if (!values.includes(settings[key] as string)) {
      problems.push(`gliznet.${snakeNames[key]} is ${JSON.stringify(settings[key])}; expected one of ${values.map((v) => JSON.stringify(v)).join(', ')}`);
    }
  }
  if (!isPositiveInteger(settings.formatVersion)) problems.push(`gliznet.format_version must be a positive integer, got ${JSON.stringify(settings.formatVersion)}`);
  else if (settings.formatVersion > MODEL_FORMAT_VERSION) {
    problems.push(`gliznet.format_version is ${settings.formatVersion} but this version of gliznet reads up to ${MODEL_FORMAT_VERSION}; upgrade the @gliznet packages`);
  }
  if (typeof settings.sentenceHead !== 'boolean') problems.push(`gliznet.sentence_head must be true or false, got ${JSON.stringify(settings.sentenceHead)}`);
  if (settings.projectionDim !== null && !isPositiveInteger(settings.projectionDim)) {
    problems.push(`gliznet.projection_dim must be null or a positive integer, got ${JSON.stringify(settings.projectionDim)}`);
  }
  if (settings.labelAttention !== 'all' && settings.labelPooling === 'attention') {
    problems.push(`gliznet.label_attention ${JSON.stringify(settings.labelAttention)} needs gliznet.label_pooling "mean": the [CLS] attention that "attention" pooling weighs label tokens by never reaches the labels`);
  }
  if (typeof settings.separator !== 'string' || settings.separator.trim() === '') problems.push(`gliznet.separator must be a non-empty string, got ${JSON.stringify(settings.separator)}`);
  for (const key of ['maxLabels', 'maxLength', 'minTextTokens'] as const) {
    if (!isPositiveInteger(settings[key])) problems.push(`gliznet.${snakeNames[key]} must be a positive integer, got ${JSON.stringify(settings[key])}`);
  }
  if (typeof settings.threshold !== 'number' || !(settings.threshold > 0 && settings.threshold < 1)) {
    problems.push(`gliznet.threshold must be a number strictly between 0 and 1, got ${JSON.stringify(settings.threshold)}`);
  }
  if (typeof settings.hypothesisTemplate !== 'string' || !settings.hypothesisTemplate.includes('{label}')) {
    problems.push(`gliznet.hypothesis_template must contain "{label}", got ${JSON.stringify(settings.hypothesisTemplate)}`);
  } else if (typeof settings.separator === 'string' && settings.separator.trim() !== '' && settings.hypothesisTemplate.normalize('NFKC').includes(settings.separator.normalize('NFKC').trim())) {
    problems.push(`gliznet.hypothesis_template ${JSON.stringify(settings.hypothesisTemplate)} contains the separator ${JSON.stringify(settings.separator.trim())}; every label would contain it`);
  }
  return problems;
}

/**
 * Builds a ModelConfig from config.json's parsed content. A missing `gliznet` block means a plain
 * Hugging Face encoder checkpoint: defaults apply and the encoder family comes from `model_type`.
 * Throws ConfigurationError listing every problem.
 */
export function parseModelConfig(json: unknown, options: { source?: string } = {}): ModelConfig {
  const source = options.source ?? 'config.json';
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new ConfigurationError(`${source} must hold a JSON object`);
  }
  const { gliznet: block, ...huggingFace } = json as Record<string, unknown>;
  const problems: string[] = [];
  const settings: GliznetSettings = { ...DEFAULT_GLIZNET_SETTINGS };
  if (block === undefined) {
    // A plain checkpoint's `model_type` names its family; another architecture (roberta, distilbert,
    // ...) has other tensors and layers, so it is refused rather than read as BERT.
    const modelType = huggingFace['model_type'];
    if (typeof modelType === 'string' && (ENCODER_FAMILIES as readonly string[]).includes(modelType)) settings.encoder = modelType as EncoderFamily;
    else problems.push(`model_type ${JSON.stringify(modelType)} is not an encoder family gliznet can read; expected one of ${ENCODER_FAMILIES.map((name) => JSON.stringify(name)).join(', ')} (a BERT-architecture checkpoint has "bert")`);
  } else if (typeof block !== 'object' || block === null || Array.isArray(block)) {
    problems.push('"gliznet" must be an object');
  } else {
    const known = new Map(Object.entries(snakeNames).map(([camel, snake]) => [snake, camel as keyof GliznetSettings]));
    for (const [key, value] of Object.entries(block)) {
      const camel = known.get(key);
      if (camel === undefined) problems.push(`unknown key gliznet.${key}`);
      else (settings as unknown as Record<string, unknown>)[camel] = value;
    }
  }
  problems.push(...validateGliznetSettings(settings));
  if (problems.length > 0) {
    throw new ConfigurationError(`${source} is invalid:\n  - ${problems.join('\n  - ')}`, { problems });
  }
  return { huggingFace, gliznet: settings };
}

/** config.json content for a ModelConfig (Hugging Face keys first, then the gliznet block). */
export function modelConfigToJson(config: ModelConfig): Record<string, unknown> {
  const block: Record<string, unknown> = {};
  for (const [camel, snake] of Object.entries(snakeNames) as [keyof GliznetSettings, string][]) {
    block[snake] = config.gliznet[camel];
  }
  return { ...config.huggingFace, gliznet: block };
}

/**
 * Parses a config.json's text read from `path` (a file path or URL, named in errors): not JSON or
 * not a valid config is a ModelLoadError listing every problem. Runtime-neutral (browsers too).
 */
export function parseModelConfigText(text: string, path: string): ModelConfig {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new ModelLoadError(path, `${path} is not valid JSON: ${(error as Error).message}`, { cause: error });
  }
  try {
    return parseModelConfig(json, { source: path });
  } catch (error) {
    if (ConfigurationError.isInstance(error)) {
      throw new ModelLoadError(path, error.message, { cause: error, problems: error.problems });
    }
    throw error;
  }
}
