/** `pnpm trainer train`: parses flags into TrainingOptions, runs, renders progress. */
import { createProgressReporter, formatHelp, parseCommandLine, SIMILARITIES, type CommandSpec } from '@gliznet/common';
import { runTraining, type TrainEvent } from '../training/train-run.js';
import { TRAINING_DEFAULTS as D, type TrainingOptions } from '../training/training-options.js';
import type { CommandContext } from './command-context.js';
import { createInterruptHandler, onInterruptSignals } from './interrupt-handler.js';

export const trainSpec: CommandSpec = {
  name: 'gliznet-trainer train',
  summary: 'Train a GliZNet model (or the O(n) cross-encoder baseline) from a pretrained encoder on training records.',
  options: {
    encoder: { type: 'string', description: '`use-lite`, a Hugging Face BERT directory, or a gliznet model directory to keep training', default: 'use-lite', placeholder: '<use-lite|dir>' },
    train: { type: 'string', description: 'Training record files (JSONL, see docs/data.md)', multiple: true, required: true, placeholder: '<jsonl>' },
    val: { type: 'string', description: 'Validation record file (picks the best checkpoint)', placeholder: '<jsonl>' },
    out: { type: 'string', description: 'Output directory (checkpoints/, best/, last/, run.json, metrics.jsonl)', required: true, placeholder: '<dir>' },
    architecture: { type: 'string', description: 'Model architecture', choices: ['gliznet', 'cross-encoder'], default: D.architecture },
    epochs: { type: 'number', description: 'Passes over the training records', default: D.epochs },
    'batch-size': { type: 'number', description: 'Examples per optimizer step', default: D.batchSize },
    lr: { type: 'number', description: 'Peak learning rate (AdamW)', default: D.learningRate },
    warmup: { type: 'number', description: 'Warm-up: fraction of the steps if < 1, else steps', default: D.warmup },
    schedule: { type: 'string', description: 'Decay after warm-up', choices: ['cosine', 'linear', 'constant'], default: D.schedule },
    'weight-decay': { type: 'number', description: 'Decoupled weight decay of 2-D weights', default: D.weightDecay },
    'max-grad-norm': { type: 'number', description: 'Global gradient-norm clip', default: D.maxGradientNorm },
    'max-labels': { type: 'number', description: 'Most candidate labels per example', default: D.maxLabels },
    'min-negatives': { type: 'number', description: 'Fewest negatives per example', default: D.minNegatives },
    'hard-negative-share': { type: 'number', description: 'Share of negative slots given to mined hard negatives', default: D.hardNegativeShare },
    alpha: { type: 'number', description: 'Weight of the BCE loss', default: D.alpha },
    beta: { type: 'number', description: 'Weight of the hard-negative hinge loss', default: D.beta },
    margin: { type: 'number', description: 'Hinge margin (on probabilities)', default: D.margin },
    'bce-scale': { type: 'number', description: 'BCE scale (kept to reproduce the original code, which used 10)', default: D.bceScale },
    similarity: { type: 'string', description: 'Scorer', choices: SIMILARITIES, default: D.similarity },
    pooling: { type: 'string', description: 'Label pooling', choices: ['attention', 'mean'], default: D.labelPooling },
    'text-pooling': { type: 'string', description: 'Text vector', choices: ['cls', 'mean'], default: D.textPooling },
    'sentence-head': { type: 'boolean', description: "Pass pooled text and label vectors through the encoder's pretrained sentence head tanh(Wx+b). Default: on for USE-Lite, off for BERT checkpoints (their pooler is not a sentence head), a gliznet model's own" },
    'no-sentence-head': { type: 'boolean', description: 'Turn the sentence head off', default: false },
    'label-attention': { type: 'string', description: 'What label tokens attend to: every token (all), the text and their own tokens (text-and-self; the text then reads only itself), or only their own tokens (self); not all needs --pooling mean', choices: ['all', 'text-and-self', 'self'], default: D.labelAttention },
    'label-positions': { type: 'string', description: 'Position ids of label tokens: sequential, each label right after the text (after-text, as a cross-encoder pair), or each from 0 (from-zero)', choices: ['sequential', 'after-text', 'from-zero'], default: D.labelPositions },
    'hypothesis-template': { type: 'string', description: 'How a label becomes the text the model reads, {label} replaced (e.g. "This text is about {label}."); saved in config.json and applied at inference', default: D.hypothesisTemplate },
    projection: { type: 'number', description: "Projection width (omit for none; the report's option, not yet measured here)", placeholder: '<dim>' },
    'token-dropout': { type: 'number', description: 'Probability of masking each text token', default: D.tokenDropout },
    'max-length': { type: 'number', description: 'Training window in tokens', default: D.maxLength },
    seed: { type: 'number', description: 'Seed of every random choice', default: D.seed },
    backend: { type: 'string', description: 'tfjs backend', choices: ['auto', 'tensorflow', 'wasm', 'cpu'], default: D.backend },
    eval: { type: 'string', description: 'Evaluation datasets to report at each epoch end (never used for selection)', multiple: true, placeholder: '<jsonl>' },
    'eval-limit': { type: 'number', description: 'Rows per evaluation dataset (seeded sample)' },
    'checkpoint-every': { type: 'number', description: 'Steps between checkpoints', default: D.checkpointEvery },
    'validate-every': { type: 'number', description: 'Steps between validations', default: D.validateEvery },
    'validation-limit': { type: 'number', description: 'Validation records used', default: D.validationLimit },
    'max-records': { type: 'number', description: 'Train on at most this many records (seeded sample)' },
    'max-steps': { type: 'number', description: 'Stop after this many steps' },
    'freeze-embeddings': { type: 'boolean', description: 'Keep the token embedding table fixed (kept for encoders whose table should not move; no measurable effect on the USE-Lite continuation, docs/experiments.md)', default: D.freezeEmbeddings },
    'distill-weight': { type: 'number', description: 'Weight of a distillation term toward the pretrained USE-Lite bi-encoder\'s ranking of each example\'s labels (0 = off; kept to limit drift from the pretrained space: it slowed the loss of held-out transfer on USE-Lite but gained nothing over the untrained model, docs/experiments.md)', default: D.distillWeight },
    'distill-temperature': { type: 'number', description: "Temperature of the teacher's softmax over an example's cosines", default: D.distillTemperature },
    resume: { type: 'boolean', description: 'Continue from the latest checkpoint in --out', default: false },
    'log-every': { type: 'number', description: 'Steps between progress events', default: D.logEvery },
    json: { type: 'boolean', description: 'Print events as JSON lines on stdout', default: false },
  },
  examples: [
    'pnpm trainer train --train data/corpus-build/train.jsonl --val data/corpus-build/val.jsonl --out runs/gliznet-use-lite',
    'pnpm trainer train --train data/corpus-build/train.jsonl --out runs/x --resume',
  ],
};

export function trainingOptionsFrom(values: Record<string, unknown>): TrainingOptions {
  const value = <T>(name: string): T => values[name] as T;
  return {
    encoder: value('encoder'),
    trainFiles: value('train'),
    validationFile: value('val'),
    outputDirectory: value('out'),
    architecture: value('architecture'),
    epochs: value('epochs'),
    batchSize: value('batch-size'),
    learningRate: value('lr'),
    warmup: value('warmup'),
    schedule: value('schedule'),
    weightDecay: value('weight-decay'),
    maxGradientNorm: value('max-grad-norm'),
    maxLabels: value('max-labels'),
    minNegatives: value('min-negatives'),
    hardNegativeShare: value('hard-negative-share'),
    alpha: value('alpha'),
    beta: value('beta'),
    margin: value('margin'),
    bceScale: value('bce-scale'),
    similarity: value('similarity'),
    labelPooling: value('pooling'),
    textPooling: value('text-pooling'),
    projectionDim: value<number | undefined>('projection') ?? null,
    labelAttention: value('label-attention'),
    labelPositions: value('label-positions'),
    hypothesisTemplate: value('hypothesis-template'),
    sentenceHead: value<boolean>('no-sentence-head') ? false : (value<boolean | undefined>('sentence-head') ?? D.sentenceHead),
    tokenDropout: value('token-dropout'),
    maxLength: value('max-length'),
    seed: value('seed'),
    backend: value('backend'),
    evalFiles: value<string[] | undefined>('eval') ?? [],
    evalLimit: value('eval-limit'),
    checkpointEvery: value('checkpoint-every'),
    validateEvery: value('validate-every'),
    validationLimit: value('validation-limit'),
    maxRecords: value('max-records'),
    maxSteps: value('max-steps'),
    freezeEmbeddings: value('freeze-embeddings'),
    distillWeight: value('distill-weight'),
    distillTemperature: value('distill-temperature'),
    resume: value('resume'),
    logEvery: value('log-every'),
  };
}

function describe(event: TrainEvent): string | undefined {
  switch (event.type) {
    case 'start':
      return `${event.resumedFromStep === null ? 'training' : `resuming at step ${event.resumedFromStep}`}: ${event.records} records, ${event.totalSteps} steps (${event.stepsPerEpoch}/epoch), ${event.validationRecords} validation records, ${(event.parameters / 1e6).toFixed(2)}M parameters, backend ${event.backend}`;
    case 'validation':
      return `step ${event.step} validation: macro-F1 ${event.metrics.macroF1.toFixed(4)}, top-1 ${event.metrics.top1Accuracy.toFixed(4)}, bce ${event.metrics.bce.toFixed(4)}${event.best ? ' (best so far, saved)' : ''}`;
    case 'evaluation': {
      const result = event.result;
      return result.multiLabel
        ? `step ${event.step} ${result.dataset}: micro-F1 ${result.metrics.microF1.toFixed(4)}, macro-F1 ${result.metrics.macroF1.toFixed(4)} at threshold ${result.threshold} (${result.rows} rows)`
        : `step ${event.step} ${result.dataset}: accuracy ${result.metrics.accuracy.toFixed(4)}, macro-F1 ${result.metrics.macroF1.toFixed(4)} (${result.rows} rows)`;
    }
    case 'checkpoint':
      return `step ${event.step}: checkpoint ${event.directory}`;
    case 'stopped':
      return `stopped at step ${event.step}: ${event.reason}`;
    case 'done':
      return `done: ${event.step} steps in ${event.seconds.toFixed(0)} s; best validation macro-F1 ${event.best === null ? 'n/a' : `${event.best.metric.toFixed(4)} at step ${event.best.step}`}`;
    default:
      return undefined;
  }
}

export async function trainCommand(argv: readonly string[], context: CommandContext): Promise<number> {
  const parsed = parseCommandLine(argv, trainSpec);
  if (parsed.help) {
    context.stdout.write(formatHelp(trainSpec));
    return 0;
  }
  const options = trainingOptionsFrom(parsed.values);
  const json = parsed.values['json'] === true;
  let reporter: ReturnType<typeof createProgressReporter> | undefined;
  const controller = new AbortController();
  const removeSignalHandlers = onInterruptSignals(
    createInterruptHandler({
      onInterrupt: () => {
        context.stderr.write('\ninterrupt: saving a checkpoint after this step, then exiting (press Ctrl-C again to exit without saving)\n');
        controller.abort();
      },
      onForce: () => {
        context.stderr.write('\ninterrupt: exiting without saving; --resume continues from the last checkpoint\n');
        process.exit(130);
      },
    }),
  );
  try {
    const result = await runTraining(options, {
      signal: controller.signal,
      onEvent: (event) => {
        if (json) {
          context.stdout.write(`${JSON.stringify(event)}\n`);
          return;
        }
        if (event.type === 'start') reporter = createProgressReporter({ label: 'train', total: event.totalSteps, initial: event.resumedFromStep ?? 0, unit: 'steps', stream: context.stderr });
        if (event.type === 'step') {
          reporter?.update(event.step, `loss ${event.loss.toFixed(4)} (bce ${event.bce.toFixed(4)}, hinge ${event.contrastive.toFixed(4)}${options.distillWeight > 0 ? `, distil ${event.distillation.toFixed(4)}` : ''}) lr ${event.learningRate.toExponential(2)} ${event.examplesPerSecond.toFixed(1)} ex/s ${event.tokensPerSecond.toFixed(0)} tok/s`);
          return;
        }
        const line = describe(event);
        if (line !== undefined) {
          if (event.type === 'done') reporter?.finish();
          context.stderr.write(`${line}\n`);
        }
      },
    });
    if (!json) context.stdout.write(`${result.modelDirectory}\n`);
    return 0;
  } finally {
    removeSignalHandlers();
  }
}
