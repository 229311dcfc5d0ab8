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
  /**
   * Pass pooled vectors through the encoder's pretrained sentence head tanh(W x + b). `auto`: on for
   * USE-Lite (its head is part of its pretrained sentence space), off for BERT checkpoints (their
   * pooler was trained for next-sentence prediction, not for sentence vectors), a gliznet model's own.
   */
  sentenceHead: boolean | 'auto';
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

/**
 * The trainer's defaults: the settings the shipped default model (models/gliznet-minilm) was trained
 * with, so its documented command names only data, encoder, output and run length. Batch 8 fits
 * 128 tokens of MiniLM in the 4 GB wasm heap; lr 3e-5 keeps a pretrained sentence space.
 */
export const TRAINING_DEFAULTS = {
  architecture: 'gliznet',
  epochs: 1,
  batchSize: 8,
  learningRate: 3e-5,
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
  // Measured here (docs/experiments.md): mean pooling + USE-Lite's sentence head + cosine starts close
  // to the pretrained bi-encoder; the report's [CLS] + attention pooling + dot starts near chance.
  similarity: 'cosine',
  labelPooling: 'mean',
  textPooling: 'mean',
  sentenceHead: 'auto',
  projectionDim: null,
  // A label reads the text and itself, numbered as a pair's second segment: its score depends only
  // on the text and that label (order-blind, any number of labels per pass; docs/experiments.md).
  labelAttention: 'text-and-self',
  labelPositions: 'after-text',
  hypothesisTemplate: '{label}',
  tokenDropout: 0.1,
  maxLength: 128,
  seed: 42,
  backend: 'auto',
  checkpointEvery: 200,
  validateEvery: 400,
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

/**
 * The values RESUME_KEYS_WHEN_CHANGED had before those options existed (and the defaults until
 * 2026-12-03): a run's fingerprint leaves a key out only when it has this value, so changing
 * TRAINING_DEFAULTS never changes the fingerprint of a checkpointed run.
 */
export const FINGERPRINT_BASELINE = { labelAttention: 'all', labelPositions: 'sequential', hypothesisTemplate: '{label}' } as const satisfies Pick<TrainingOptions, (typeof RESUME_KEYS_WHEN_CHANGED)[number]>;
