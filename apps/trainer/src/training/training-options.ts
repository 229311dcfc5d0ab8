/**
 * Every setting of a training run, with the defaults the trainer uses. `docs/training.md` and
 * `pnpm trainer train --help` list the same values (the CLI spec reads them from here).
 */
import type { Architecture, LabelAttention, LabelPooling, LabelPositions, Similarity, TextPooling } from '@gliznet/common';
import { LOSS_DEFAULTS } from '@gliznet/losses';
import type { ScheduleName } from './learning-rate-schedule.js';

export interface TrainingOptions {
  /** `use-lite`, a Hugging Face BERT directory, or a gliznet model directory to keep training. */
  encoder: string;
  trainFiles: string[];
  validationFile?: string;
  outputDirectory: string;
  architecture: Architecture;
  epochs: number;
  /** Examples per optimizer step (a cross-encoder step holds all their (text, label) pairs). */
  batchSize: number;
  learningRate: number;
  /** Warm-up: a fraction of the total steps when < 1, else a step count. */
  warmup: number;
  schedule: ScheduleName;
  weightDecay: number;
  /** Global gradient-norm clip. */
  maxGradientNorm: number;
  maxLabels: number;
  minNegatives: number;
  hardNegativeShare: number;
  alpha: number;
  beta: number;
  margin: number;
  bceScale: number;
  similarity: Similarity;
  labelPooling: LabelPooling;
  textPooling: TextPooling;
  projectionDim: number | null;
  /** What label tokens attend to (config `label_attention`): all tokens, the text and themselves, or themselves. */
  labelAttention: LabelAttention;
  /** Position ids of label tokens (config `label_positions`): sequential, each label right after the text, or each from 0. */
  labelPositions: LabelPositions;
  /** Pass pooled vectors through the encoder's pretrained sentence head tanh(W x + b). */
  sentenceHead: boolean;
  /** How a label becomes the text the model reads, `{label}` replaced (config `hypothesis_template`). */
  hypothesisTemplate: string;
  tokenDropout: number;
  /** Window in tokens for training sequences. */
  maxLength: number;
  seed: number;
  backend: 'auto' | 'tensorflow' | 'wasm' | 'cpu';
  /** Evaluation datasets (reporting only; never used to pick checkpoints). */
  evalFiles: string[];
  /** Rows per evaluation dataset (sampled with seed 1); all when undefined. */
  evalLimit?: number;
  checkpointEvery: number;
  validateEvery: number;
  /** Validation records used (sampled once, deterministically). */
  validationLimit: number;
  /** Use at most this many training records (after reading, deterministic sample). */
  maxRecords?: number;
  /** Stop after this many optimizer steps (for short experiments). */
  maxSteps?: number;
  /** Keep the (large) token embedding table fixed. */
  freezeEmbeddings: boolean;
  /**
   * Weight of the distillation term toward the pretrained USE-Lite bi-encoder (the cosine of each
   * text with "This text is about {label}." for each of its candidate labels); 0 turns it off.
   */
  distillWeight: number;
  /** Temperature of the teacher's softmax over an example's labels (see `distillationLoss`). */
  distillTemperature: number;
  resume: boolean;
  logEvery: number;
}

export const TRAINING_DEFAULTS = {
  architecture: 'gliznet',
  epochs: 1,
  batchSize: 16,
  learningRate: 1e-4,
  warmup: 0.05,
  schedule: 'cosine',
  weightDecay: 0.01,
  maxGradientNorm: 1,
  maxLabels: 12,
  minNegatives: 2,
  hardNegativeShare: 0.6,
  alpha: 0.7,
  beta: 0.3,
  margin: 0.1,
  bceScale: 1,
  // Measured here (docs/training.md): mean pooling + USE-Lite's sentence head + cosine starts close
  // to the pretrained bi-encoder; the report's [CLS] + attention pooling + dot starts near chance.
  similarity: 'cosine',
  labelPooling: 'mean',
  textPooling: 'mean',
  sentenceHead: true,
  projectionDim: null,
  labelAttention: 'all',
  labelPositions: 'sequential',
  hypothesisTemplate: '{label}',
  tokenDropout: 0.1,
  maxLength: 128,
  seed: 42,
  backend: 'auto',
  checkpointEvery: 200,
  validateEvery: 500,
  validationLimit: 1000,
  freezeEmbeddings: false,
  distillWeight: 0,
  distillTemperature: LOSS_DEFAULTS.distillationTemperature,
  logEvery: 10,
} as const satisfies Partial<TrainingOptions>;

/** Options that must match for `--resume` to continue a run (the rest may change, e.g. logging). */
export const RESUME_KEYS = [
  'encoder',
  'trainFiles',
  'architecture',
  'epochs',
  'batchSize',
  'learningRate',
  'warmup',
  'schedule',
  'weightDecay',
  'maxLabels',
  'minNegatives',
  'hardNegativeShare',
  'alpha',
  'beta',
  'margin',
  'bceScale',
  'similarity',
  'labelPooling',
  'textPooling',
  'projectionDim',
  'sentenceHead',
  'tokenDropout',
  'maxLength',
  'seed',
  'maxRecords',
  'freezeEmbeddings',
] as const satisfies readonly (keyof TrainingOptions)[];

/**
 * Options added after runs were already checkpointed: part of the resume fingerprint only when
 * switched on, so older runs still resume. The distillation settings count when `distillWeight > 0`;
 * RESUME_KEYS_WHEN_CHANGED count when they differ from TRAINING_DEFAULTS.
 */
export const RESUME_KEYS_WHEN_DISTILLING = ['distillWeight', 'distillTemperature'] as const satisfies readonly (keyof TrainingOptions)[];
export const RESUME_KEYS_WHEN_CHANGED = ['labelAttention', 'labelPositions', 'hypothesisTemplate'] as const satisfies readonly (keyof TrainingOptions)[];
