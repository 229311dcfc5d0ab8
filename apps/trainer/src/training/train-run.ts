/**
 * A whole training run: data, model, optimizer, the epoch/batch loop, validation, checkpoints,
 * resume and the run record. Emits typed events; the `train` command renders them.
 *
 * Resume is exact: the batch plan, the sampled labels and the token dropout of every batch are
 * derived from (seed, epoch, batch), and the checkpoint holds weights, AdamW moments and the
 * position, so 10 steps + resume + 10 steps gives the same weights as 20 straight steps.
 */
import { execFileSync } from 'node:child_process';
import { appendFile, mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ConfigurationError, InvalidArgumentError, createSeededRandom, writeFileAtomic, writeJsonAtomic, type GliznetSettings } from '@gliznet/common';
import { GliznetModel, SentenceEmbedder, selectBackend } from '@gliznet/core';
import { evaluateDataset, type DatasetEvaluation } from '../evaluation/evaluate-dataset.js';
import { readEvaluationDataset } from '@gliznet/evaluation';
import { readRecordFile, type TrainingRecord } from '@gliznet/synth';
import { GliznetTokenizer } from '@gliznet/tokenizer';
import { AdamW } from './adamw.js';
import { derivedRandom, planEpochBatches } from './batch-plan.js';
import { CheckpointStore, type TrainerState } from './checkpoint-store.js';
import { sampleTrainingExample } from './example-sampler.js';
import { LabelPool } from './label-pool.js';
import { learningRateAt } from './learning-rate-schedule.js';
import { encodeTrainingBatch, type EncodedTrainingBatch } from './training-batch.js';
import { readEncoderConfig, resolveLabelLayout, resolveSentenceHead } from './encoder-defaults.js';
import { FINGERPRINT_BASELINE, RESUME_KEYS, RESUME_KEYS_WHEN_CHANGED, RESUME_KEYS_WHEN_DISTILLING, TRAINING_DEFAULTS, type TrainingOptions } from './training-options.js';
import { trainStep, trainableVariableMap } from './train-step.js';
import { validate, validationExamples, type ValidationMetrics } from './validation.js';
import { explainHeapExhaustion } from './heap-exhaustion.js';
import { acquireRunLock } from './run-lock.js';

export type TrainEvent =
  | { type: 'start'; totalSteps: number; stepsPerEpoch: number; records: number; validationRecords: number; backend: string; parameters: number; resumedFromStep: number | null }
  | { type: 'step'; step: number; totalSteps: number; epoch: number; loss: number; bce: number; contrastive: number; distillation: number; learningRate: number; gradientNorm: number; examplesPerSecond: number; tokensPerSecond: number }
  | { type: 'validation'; step: number; metrics: ValidationMetrics; best: boolean }
  | { type: 'checkpoint'; step: number; directory: string }
  | { type: 'evaluation'; step: number; result: DatasetEvaluation }
  | { type: 'stopped'; step: number; reason: string }
  | { type: 'done'; step: number; seconds: number; best: TrainerState['best'] };

export interface TrainRunHooks {
  onEvent?: (event: TrainEvent) => void;
  /** Aborting saves a checkpoint at the current step, then returns. */
  signal?: AbortSignal;
}

export interface TrainRunResult {
  step: number;
  best: TrainerState['best'];
  /** `<out>/best` (best validation macro-F1) or `<out>/last` when there was no validation. */
  modelDirectory: string;
}

const STEP_STREAM = 0x57e9;

async function readRecords(files: readonly string[]): Promise<TrainingRecord[]> {
  const records: TrainingRecord[] = [];
  for (const file of files) records.push(...(await readRecordFile(file)).records);
  return records;
}

function gitCommit(): string | null {
  try {
    return execFileSync('git', ['rev-parse', 'HEAD'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return null;
  }
}

/** TrainingOptions with `sentenceHead: 'auto'` decided for the encoder. */
type ResolvedTrainingOptions = Omit<TrainingOptions, 'sentenceHead'> & { sentenceHead: boolean };

function resumeFingerprint(options: ResolvedTrainingOptions): Record<string, unknown> {
  const keys = options.distillWeight > 0 ? [...RESUME_KEYS, ...RESUME_KEYS_WHEN_DISTILLING] : RESUME_KEYS;
  const fingerprint: Record<string, unknown> = Object.fromEntries(keys.map((key) => [key, options[key] ?? null]));
  for (const key of RESUME_KEYS_WHEN_CHANGED) if (options[key] !== FINGERPRINT_BASELINE[key]) fingerprint[key] = options[key];
  return fingerprint;
}

function checkDistillation(options: TrainingOptions): void {
  if (!(Number.isFinite(options.distillWeight) && options.distillWeight >= 0)) {
    throw new InvalidArgumentError('distill-weight', `--distill-weight must be a finite number >= 0 (0 turns distillation off), got ${options.distillWeight}`);
  }
  if (options.distillWeight > 0 && options.architecture === 'cross-encoder') {
    throw new ConfigurationError('--distill-weight needs several labels per example (it distils a ranking of labels); the cross-encoder scores one pair at a time, so leave it at 0 for --architecture cross-encoder');
  }
  if (!(Number.isFinite(options.distillTemperature) && options.distillTemperature > 0)) {
    throw new InvalidArgumentError('distill-temperature', `--distill-temperature must be a finite number > 0, got ${options.distillTemperature}`);
  }
}

/** Settings that shape a new model, by the flag that sets them. */
const LAYOUT_FLAGS = {
  similarity: '--similarity',
  labelPooling: '--pooling',
  textPooling: '--text-pooling',
  projectionDim: '--projection',
  sentenceHead: '--no-sentence-head',
  labelAttention: '--label-attention',
  labelPositions: '--label-positions',
  hypothesisTemplate: '--hypothesis-template',
} as const satisfies Partial<Record<keyof TrainingOptions, string>>;

/** A directory whose config.json has a `gliznet` block holds a trained model (else: a pretrained encoder). */
async function isGliznetModelDirectory(directory: string): Promise<boolean> {
  const config = await readEncoderConfig(directory);
  return config !== undefined && 'gliznet' in config;
}

async function createModel(options: ResolvedTrainingOptions): Promise<GliznetModel> {
  const settings: Partial<Omit<GliznetSettings, 'encoder' | 'formatVersion'>> = {
    architecture: options.architecture,
    similarity: options.similarity,
    labelPooling: options.labelPooling,
    textPooling: options.textPooling,
    projectionDim: options.projectionDim,
    labelAttention: options.labelAttention,
    labelPositions: options.labelPositions,
    hypothesisTemplate: options.hypothesisTemplate,
    sentenceHead: options.sentenceHead,
    maxLabels: options.maxLabels,
    maxLength: options.maxLength,
  };
  if (options.encoder !== 'use-lite' && (await isGliznetModelDirectory(options.encoder))) {
    const model = await GliznetModel.load(options.encoder);
    if (model.architecture !== options.architecture) {
      model.dispose();
      throw new ConfigurationError(`--encoder ${options.encoder} is a ${model.architecture} model but --architecture is ${options.architecture}; pass --architecture ${model.architecture} or start from a pretrained encoder`);
    }
    // A trained model keeps its own head and layout: a setting asked for that differs from it is an error, not silently dropped.
    const conflicts = (Object.keys(LAYOUT_FLAGS) as (keyof typeof LAYOUT_FLAGS)[]).filter((key) => options[key] !== TRAINING_DEFAULTS[key] && options[key] !== model.settings[key]);
    if (conflicts.length > 0) {
      const asked = conflicts.map((key) => `${LAYOUT_FLAGS[key]} ${String(options[key])} (the model has ${String(model.settings[key])})`).join(', ');
      model.dispose();
      throw new ConfigurationError(`--encoder ${options.encoder} is a trained gliznet model, which keeps its own settings, but the command asks for ${asked}; drop those flags to continue training it, or start from a pretrained encoder`);
    }
    return model;
  }
  return GliznetModel.fromPretrainedEncoder(options.encoder, { settings, seed: options.seed });
}

/** The teacher's cosine of each example's text with each of its labels: [batch, numLabels] row-major, 0 in padded slots. */
async function teacherScoresOf(teacher: SentenceEmbedder, batch: EncodedTrainingBatch): Promise<Float32Array> {
  const rows = await teacher.cosineScores(
    batch.fitted.map((example) => example.text),
    batch.fitted.map((example) => example.labels),
  );
  const scores = new Float32Array(batch.examples * batch.numLabels);
  rows.forEach((row, index) => scores.set(row, index * batch.numLabels));
  return scores;
}

export async function runTraining(options: TrainingOptions, hooks: TrainRunHooks = {}): Promise<TrainRunResult> {
  const started = performance.now();
  checkDistillation(options);
  await mkdir(options.outputDirectory, { recursive: true }).catch((error: unknown) => {
    const reason = error instanceof Error ? error.message : String(error);
    throw new InvalidArgumentError(
      'out',
      `cannot create the output directory ${options.outputDirectory} (${reason}); pass --out a path you can write (a symbolic link must point to an existing directory)`,
    );
  });
  const lock = await acquireRunLock(options.outputDirectory);
  try {
    return await trainLocked({ ...options, ...resolveLabelLayout(options), sentenceHead: await resolveSentenceHead(options) }, hooks, started);
  } finally {
    await lock.release();
  }
}

async function trainLocked(options: ResolvedTrainingOptions, hooks: TrainRunHooks, started: number): Promise<TrainRunResult> {
  const eventLog = join(options.outputDirectory, 'metrics.jsonl');
  let logWrites = Promise.resolve();
  const emit = (event: TrainEvent): void => {
    // Append-only history of the run (survives resumes); each line is written whole.
    logWrites = logWrites.then(() => appendFile(eventLog, `${JSON.stringify({ time: new Date().toISOString(), ...event })}\n`));
    hooks.onEvent?.(event);
  };
  const backend = await selectBackend({ backend: options.backend });

  let records = await readRecords(options.trainFiles);
  if (records.length === 0) throw new ConfigurationError(`no training records in ${options.trainFiles.join(', ')}`);
  if (options.maxRecords !== undefined && options.maxRecords < records.length) {
    records = createSeededRandom(options.seed).shuffle([...records]).slice(0, options.maxRecords);
  }
  const labelPool = new LabelPool(records);
  const validationRecords = options.validationFile ? await readRecords([options.validationFile]) : [];
  const samplerOptions = { maxLabels: options.maxLabels, minNegatives: options.minNegatives, hardNegativeShare: options.hardNegativeShare };
  const validationSet = validationExamples(validationRecords, labelPool, { ...samplerOptions, seed: options.seed, limit: options.validationLimit });
  const evaluationSets = await Promise.all(options.evalFiles.map((file) => readEvaluationDataset(file)));

  const store = new CheckpointStore(options.outputDirectory);
  const checkpoint = options.resume ? await store.latest() : null;
  if (checkpoint !== null) {
    const saved = JSON.stringify(checkpoint.state.options);
    const current = JSON.stringify(resumeFingerprint(options));
    if (saved !== current) {
      throw new ConfigurationError(`--resume: the checkpoint in ${checkpoint.directory} was made with other training options.\n  saved:   ${saved}\n  current: ${current}\nUse the same options, or a new --out directory.`);
    }
  }
  const model = checkpoint !== null ? await GliznetModel.load(checkpoint.directory) : await createModel(options);
  if (model.tokenizerFile === undefined) throw new ConfigurationError(`the model from ${options.encoder} has no tokenizer.json; put one beside its config.json`);
  // One stable copy that every saved model directory copies from (checkpoints come and go).
  const tokenizerPath = join(options.outputDirectory, 'tokenizer.json');
  if (model.tokenizerFile !== tokenizerPath) await writeFileAtomic(tokenizerPath, await readFile(model.tokenizerFile));
  const saveModel = async (directory: string): Promise<void> => {
    await model.save(directory, { tokenizerPath });
  };
  const tokenizer = await GliznetTokenizer.fromFile(tokenizerPath, {
    separator: model.settings.separator,
    maxLength: options.maxLength,
    minTextTokens: model.settings.minTextTokens,
    hypothesisTemplate: model.settings.hypothesisTemplate,
  });
  const variables = trainableVariableMap(model, { freezeEmbeddings: options.freezeEmbeddings });
  // The frozen pretrained bi-encoder whose label ranking the distillation term pulls toward.
  const teacher = options.distillWeight > 0 ? await SentenceEmbedder.load() : null;
  const optimizer = new AdamW(variables, { weightDecay: options.weightDecay });
  const state: TrainerState = checkpoint?.state ?? { step: 0, epoch: 0, batchInEpoch: 0, best: null, options: resumeFingerprint(options) };
  if (checkpoint !== null) optimizer.loadState(checkpoint.optimizer, state.step);

  const lengths = records.map((record) => record.text.length);
  const stepsPerEpoch = Math.ceil(records.length / options.batchSize);
  const totalSteps = Math.min(options.maxSteps ?? Infinity, stepsPerEpoch * options.epochs);
  const warmupSteps = options.warmup < 1 ? Math.round(options.warmup * totalSteps) : Math.round(options.warmup);
  emit({ type: 'start', totalSteps, stepsPerEpoch, records: records.length, validationRecords: validationSet.length, backend: backend.name, parameters: model.parameterCount(), resumedFromStep: checkpoint?.state.step ?? null });

  const runRecord = {
    options,
    gitCommit: gitCommit(),
    backend,
    versions: { node: process.version, tfjs: (await import('@tensorflow/tfjs-core')).version_core },
    startedAt: new Date().toISOString(),
    resumedFromStep: checkpoint?.state.step ?? null,
  };
  await writeJsonAtomic(join(options.outputDirectory, 'run.json'), { ...runRecord, status: 'running' });

  let lastCheckpointStep = -1;
  const saveCheckpoint = async (): Promise<void> => {
    if (lastCheckpointStep === state.step) return;
    lastCheckpointStep = state.step;
    const directory = await store.save(state, await optimizer.saveState(), saveModel);
    emit({ type: 'checkpoint', step: state.step, directory });
  };
  let lastValidatedStep = -1;
  const runValidation = async (): Promise<void> => {
    if (validationSet.length === 0 || lastValidatedStep === state.step) return;
    lastValidatedStep = state.step;
    const metrics = await validate(model, tokenizer, validationSet, { maxLength: options.maxLength, batchSize: options.batchSize * 2 });
    const improved = state.best === null || metrics.macroF1 > state.best.metric;
    if (improved) {
      state.best = { metric: metrics.macroF1, step: state.step };
      await saveModel(join(options.outputDirectory, 'best'));
    }
    emit({ type: 'validation', step: state.step, metrics, best: improved });
  };
  const runEvaluations = async (): Promise<void> => {
    for (const dataset of evaluationSets) {
      emit({ type: 'evaluation', step: state.step, result: await evaluateDataset(model, tokenizer, dataset, { limit: options.evalLimit, maxLength: options.maxLength }) });
    }
  };

  let windowStart = performance.now();
  let windowExamples = 0;
  let windowTokens = 0;
  let stopped = false;
  training: while (state.step < totalSteps) {
    const plan = planEpochBatches(lengths, { batchSize: options.batchSize, seed: options.seed, epoch: state.epoch });
    while (state.batchInEpoch < plan.length && state.step < totalSteps) {
      if (hooks.signal?.aborted) {
        stopped = true;
        break training;
      }
      const batchIndex = state.batchInEpoch;
      const random = derivedRandom(options.seed, STEP_STREAM, state.epoch, batchIndex);
      const examples = plan[batchIndex]!.map((recordIndex) => sampleTrainingExample(records[recordIndex]!, labelPool, random, samplerOptions));
      const tokenDropout = options.tokenDropout > 0 ? { probability: options.tokenDropout, random } : undefined;
      const batch = await encodeTrainingBatch(tokenizer, examples, { architecture: options.architecture, maxLength: options.maxLength, ...(tokenDropout ? { tokenDropout } : {}) });
      const learningRate = learningRateAt(state.step, { peak: options.learningRate, warmupSteps, totalSteps, schedule: options.schedule });
      const teacherScores = teacher === null ? undefined : await teacherScoresOf(teacher, batch);
      const dropoutSeed = random.nextInt(2 ** 31 - 1);
      let result: ReturnType<typeof trainStep>;
      try {
        result = trainStep(model, batch, variables, optimizer, learningRate, { ...options, dropoutSeed, ...(teacherScores ? { teacherScores } : {}) });
      } catch (error) {
        throw explainHeapExhaustion(error, { backend: backend.name, step: state.step, batchSize: options.batchSize, maxLength: options.maxLength, architecture: options.architecture, maxLabels: options.maxLabels });
      }
      state.step += 1;
      state.batchInEpoch += 1;
      windowExamples += batch.examples;
      windowTokens += batch.tokens;
      if (!Number.isFinite(result.loss)) throw new ConfigurationError(`the loss became ${result.loss} at step ${state.step}; lower --lr (now ${options.learningRate}) or raise --warmup`);
      if (state.step % options.logEvery === 0 || state.step === totalSteps) {
        const seconds = (performance.now() - windowStart) / 1000;
        emit({ type: 'step', step: state.step, totalSteps, epoch: state.epoch, ...result, learningRate, examplesPerSecond: windowExamples / seconds, tokensPerSecond: windowTokens / seconds });
        windowStart = performance.now();
        windowExamples = 0;
        windowTokens = 0;
      }
      if (state.step % options.validateEvery === 0) await runValidation();
      if (state.step % options.checkpointEvery === 0) await saveCheckpoint();
    }
    if (state.batchInEpoch >= plan.length) {
      state.epoch += 1;
      state.batchInEpoch = 0;
      await runValidation();
      await runEvaluations();
      await saveCheckpoint();
    }
  }
  if (stopped) {
    await saveCheckpoint();
    emit({ type: 'stopped', step: state.step, reason: 'interrupted; resume with --resume' });
  } else {
    if (state.batchInEpoch !== 0) {
      await runValidation();
      await runEvaluations();
      await saveCheckpoint();
    }
    await saveModel(join(options.outputDirectory, 'last'));
  }
  const seconds = (performance.now() - started) / 1000;
  await writeJsonAtomic(join(options.outputDirectory, 'run.json'), { ...runRecord, status: stopped ? 'interrupted' : 'finished', step: state.step, best: state.best, seconds, finishedAt: new Date().toISOString() });
  emit({ type: 'done', step: state.step, seconds, best: state.best });
  await logWrites;
  optimizer.dispose();
  model.dispose();
  teacher?.dispose();
  return { step: state.step, best: state.best, modelDirectory: join(options.outputDirectory, state.best !== null ? 'best' : 'last') };
}
