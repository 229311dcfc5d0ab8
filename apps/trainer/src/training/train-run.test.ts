/**
 * End to end: a tiny random BERT-encoder GliZNet (real tokenizer.json, real safetensors) trained for a
 * few steps on generated records. Loss goes down, checkpoints reload, resume is exact, evaluate runs.
 */
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { createSeededRandom, InvalidArgumentError, readSafetensors } from '@gliznet/common';
import { GliznetModel, selectBackend } from '@gliznet/core';
import { createTinyModelConfig } from '@gliznet/core/testing';
import { GliznetTokenizer, bundledTokenizerPath } from '@gliznet/tokenizer';
import { readRecordFile } from '@gliznet/synth';
import { validate, validationExamples } from './validation.js';
import { main } from '../main.js';
import { runTraining, type TrainEvent } from './train-run.js';
import { TRAINING_DEFAULTS, type TrainingOptions } from './training-options.js';

const topics: Record<string, string[]> = {
  sports: ['football', 'goal', 'match', 'team', 'coach'],
  music: ['guitar', 'song', 'concert', 'album', 'band'],
  weather: ['rain', 'sunny', 'storm', 'forecast', 'snow'],
  cooking: ['recipe', 'oven', 'bake', 'kitchen', 'flour'],
  travel: ['flight', 'hotel', 'passport', 'beach', 'trip'],
  finance: ['bank', 'loan', 'stock', 'money', 'market'],
};
const filler = ['the', 'a', 'today', 'really', 'we', 'saw', 'about', 'very', 'new', 'big'];

function makeRecords(count: number, seed: number): string {
  const random = createSeededRandom(seed);
  const names = Object.keys(topics);
  const lines: string[] = [];
  for (let index = 0; index < count; index++) {
    const topic = names[random.nextInt(names.length)]!;
    const words = topics[topic]!;
    const text = [filler[random.nextInt(filler.length)], words[random.nextInt(words.length)], filler[random.nextInt(filler.length)], words[random.nextInt(words.length)]].join(' ');
    const negatives = names.filter((name) => name !== topic).slice(0, 2);
    lines.push(JSON.stringify({ text, labels: [topic], negatives }));
  }
  return `${lines.join('\n')}\n`;
}

let work: string;
let initialModel: string;
let trainFile: string;
let validationFile: string;

beforeAll(async () => {
  await selectBackend({ backend: 'cpu' });
  work = await mkdtemp(join(tmpdir(), 'gliznet-train-'));
  const config = createTinyModelConfig({ encoder: 'bert', vocabSize: 30522, hiddenSize: 32, intermediateSize: 48, numAttentionHeads: 4, maxPositionEmbeddings: 64, similarity: 'cosine', sentenceHead: true, textPooling: 'mean', labelPooling: 'mean' });
  // Dropout on, so the resume test also proves the masks are reproducible.
  config.huggingFace['hidden_dropout_prob'] = 0.1;
  config.huggingFace['attention_probs_dropout_prob'] = 0.1;
  const model = GliznetModel.random(config, { seed: 3, tokenizerPath: bundledTokenizerPath('bert-base-uncased') });
  initialModel = join(work, 'initial');
  await model.save(initialModel);
  model.dispose();
  trainFile = join(work, 'train.jsonl');
  validationFile = join(work, 'val.jsonl');
  // Few records, many epochs: the loop must be able to fit them (a falling loss, not generalisation).
  await writeFile(trainFile, makeRecords(24, 1));
  await writeFile(validationFile, makeRecords(30, 2));
});

/** These tests train several tiny runs each (about 45 s on an idle 2-core machine); room for a busy one. */
const SLOW_TEST_TIMEOUT = 240_000;

function options(out: string, overrides: Partial<TrainingOptions> = {}): TrainingOptions {
  return {
    ...TRAINING_DEFAULTS,
    encoder: initialModel,
    trainFiles: [trainFile],
    validationFile,
    outputDirectory: out,
    epochs: 20,
    batchSize: 8,
    learningRate: 3e-3,
    warmup: 2,
    maxLabels: 5,
    maxLength: 48,
    projectionDim: null,
    evalFiles: [],
    checkpointEvery: 1000,
    validateEvery: 1000,
    validationLimit: 30,
    logEvery: 1,
    backend: 'cpu',
    resume: false,
    ...overrides,
  };
}

async function weightsOf(directory: string): Promise<Map<string, Float32Array>> {
  const tensors = await readSafetensors(join(directory, 'model.safetensors'));
  return new Map([...tensors].map(([name, tensor]) => [name, tensor.data as Float32Array]));
}

describe('runTraining', () => {
  it('lowers the loss on a fixed set and keeps the best checkpoint by validation macro-F1', async () => {
    // Validating on the training records themselves: the loop must be able to fit them.
    const fixed = options(join(work, 'unused'), { validationFile: trainFile });
    const initial = await GliznetModel.load(initialModel);
    const tokenizer = await GliznetTokenizer.fromDirectory(initialModel);
    const records = (await readRecordFile(trainFile)).records;
    const examples = validationExamples(records, [...new Set(records.flatMap((record) => [...record.labels, ...(record.negatives ?? [])]))].sort(), { maxLabels: fixed.maxLabels, minNegatives: fixed.minNegatives, hardNegativeShare: fixed.hardNegativeShare, seed: fixed.seed, limit: fixed.validationLimit });
    const before = await validate(initial, tokenizer, examples, { maxLength: fixed.maxLength, batchSize: 16 });
    initial.dispose();

    const events: TrainEvent[] = [];
    const out = join(work, 'run-loss');
    const result = await runTraining({ ...fixed, outputDirectory: out, maxSteps: 40 }, { onEvent: (event) => events.push(event) });
    expect(events.filter((event) => event.type === 'step')).toHaveLength(40);
    const validations = events.flatMap((event) => (event.type === 'validation' ? [event.metrics] : []));
    const after = validations[validations.length - 1]!;
    expect(after.bce).toBeLessThan(before.bce * 0.8);
    expect(result.best).not.toBeNull();
    expect(result.modelDirectory).toBe(join(out, 'best'));
    const reloaded = await GliznetModel.load(result.modelDirectory);
    expect(reloaded.parameterCount()).toBeGreaterThan(0);
    reloaded.dispose();
    const run = JSON.parse(await readFile(join(out, 'run.json'), 'utf8')) as { status: string; step: number };
    expect(run).toMatchObject({ status: 'finished', step: 40 });
    const log = (await readFile(join(out, 'metrics.jsonl'), 'utf8')).trim().split('\n');
    expect(log.filter((line) => line.includes('"type":"step"'))).toHaveLength(40);
  }, SLOW_TEST_TIMEOUT);

  it('resumes bit-for-bit: 10 steps + interrupt + resume to 20 equals 20 straight steps', async () => {
    const straight = join(work, 'run-straight');
    await runTraining(options(straight, { maxSteps: 20 }));
    const interrupted = join(work, 'run-interrupted');
    const controller = new AbortController();
    const first = await runTraining(options(interrupted, { maxSteps: 20 }), {
      signal: controller.signal,
      onEvent: (event) => {
        if (event.type === 'step' && event.step === 10) controller.abort();
      },
    });
    expect(first.step).toBe(10);
    const resumed = await runTraining(options(interrupted, { maxSteps: 20, resume: true }));
    expect(resumed.step).toBe(20);
    const expected = await weightsOf(join(straight, 'last'));
    const actual = await weightsOf(join(interrupted, 'last'));
    expect([...actual.keys()].sort()).toEqual([...expected.keys()].sort());
    for (const [name, values] of expected) expect(Array.from(actual.get(name)!), name).toEqual(Array.from(values));
    await expect(runTraining(options(interrupted, { maxSteps: 20, resume: true, learningRate: 1e-2 }))).rejects.toThrow(/other training options/);
  }, SLOW_TEST_TIMEOUT);

  it('distils toward the bi-encoder teacher when --distill-weight > 0, and resume checks the setting', async () => {
    const plain = join(work, 'run-no-distil');
    const distilled = join(work, 'run-distil');
    const events: TrainEvent[] = [];
    await runTraining(options(plain, { maxSteps: 3, validationFile: undefined }));
    await runTraining(options(distilled, { maxSteps: 3, validationFile: undefined, distillWeight: 1, checkpointEvery: 3 }), { onEvent: (event) => events.push(event) });
    const steps = events.flatMap((event) => (event.type === 'step' ? [event] : []));
    expect(steps).toHaveLength(3);
    for (const step of steps) {
      // A positive KL; the total is the hybrid loss plus the distillation term.
      expect(step.distillation).toBeGreaterThan(0);
      expect(step.loss).toBeCloseTo(TRAINING_DEFAULTS.alpha * step.bce + TRAINING_DEFAULTS.beta * step.contrastive + step.distillation, 5);
    }
    const plainWeights = await weightsOf(join(plain, 'last'));
    const distilledWeights = await weightsOf(join(distilled, 'last'));
    const changed = [...plainWeights].filter(([name, values]) => values.some((value, index) => value !== distilledWeights.get(name)![index]));
    expect(changed.length).toBeGreaterThan(0);
    await expect(runTraining(options(distilled, { maxSteps: 4, validationFile: undefined, distillWeight: 0.5, resume: true }))).rejects.toThrow(/other training options/);
    await expect(runTraining(options(join(work, 'bad'), { distillWeight: -1 }))).rejects.toThrow('--distill-weight must be a finite number >= 0');
    await expect(runTraining(options(join(work, 'bad'), { distillWeight: 1, architecture: 'cross-encoder' }))).rejects.toThrow(/cross-encoder/);
  }, SLOW_TEST_TIMEOUT);

  it('refuses layout flags that contradict a trained model given as --encoder', async () => {
    // The initial model is mean-pooled; asking for attention pooling or another label layout is named.
    await expect(runTraining(options(join(work, 'conflict'), { labelAttention: 'self', maxSteps: 1 }))).rejects.toThrow(
      /asks for --label-attention self \(the model has all\); drop those flags/,
    );
    // Its sentence head is on: --no-sentence-head contradicts it; the default ('auto') keeps it.
    await expect(runTraining(options(join(work, 'conflict'), { sentenceHead: false, maxSteps: 1 }))).rejects.toThrow(/--no-sentence-head false \(the model has true\)/);
    await expect(runTraining(options(join(work, 'conflict'), { similarity: 'dot', maxSteps: 1 }))).rejects.toThrow(/--similarity dot \(the model has cosine\)/);
    await expect(runTraining(options(join(work, 'conflict'), { hypothesisTemplate: 'about {label}', maxSteps: 1 }))).rejects.toThrow(
      /--hypothesis-template about \{label\} \(the model has \{label\}\)/,
    );
  });

  it('trains through the model\'s hypothesis_template, which the saved model keeps', async () => {
    const templated = join(work, 'initial-templated');
    const config = JSON.parse(await readFile(join(initialModel, 'config.json'), 'utf8')) as { gliznet: Record<string, unknown> };
    const model = await GliznetModel.load(initialModel);
    await model.save(templated);
    model.dispose();
    await writeFile(join(templated, 'config.json'), JSON.stringify({ ...config, gliznet: { ...config.gliznet, hypothesis_template: 'a text about {label}' } }));
    const out = join(work, 'run-templated');
    const plainOut = join(work, 'run-untemplated');
    await runTraining(options(out, { encoder: templated, maxSteps: 2, validationFile: undefined }));
    await runTraining(options(plainOut, { maxSteps: 2, validationFile: undefined }));
    const saved = JSON.parse(await readFile(join(out, 'last', 'config.json'), 'utf8')) as { gliznet: { hypothesis_template: string } };
    expect(saved.gliznet.hypothesis_template).toBe('a text about {label}');
    // Same start, data and seed: only the label text differs, so the weights do.
    const withTemplate = await weightsOf(join(out, 'last'));
    const withoutTemplate = await weightsOf(join(plainOut, 'last'));
    expect([...withTemplate].some(([name, values]) => values.some((value, index) => value !== withoutTemplate.get(name)![index]))).toBe(true);
  }, SLOW_TEST_TIMEOUT);

  it('names an output directory it cannot create', async () => {
    const file = join(work, 'a-file');
    await writeFile(file, 'not a directory');
    const out = join(file, 'run');
    await expect(runTraining(options(out, { maxSteps: 1 }))).rejects.toThrow(`cannot create the output directory ${out}`);
    await expect(runTraining(options(out, { maxSteps: 1 }))).rejects.toSatisfy((error) => InvalidArgumentError.isInstance(error));
  });

  it('evaluates a trained model through the CLI', async () => {
    const out = join(work, 'run-eval');
    await runTraining(options(out, { maxSteps: 5, validationFile: undefined }));
    const datasetFile = join(work, 'toy.jsonl');
    await writeFile(datasetFile, ['{"text": "the football match", "labels": ["sports"]}', '{"text": "rain and storm", "labels": ["weather"]}'].join('\n'));
    await writeFile(join(work, 'toy.meta.json'), JSON.stringify({ name: 'toy', labels: ['sports', 'weather', 'music'], multi_label: false }));
    let stdout = '';
    const sink = (append: (text: string) => void): NodeJS.WritableStream => ({ write: (chunk: string) => (append(String(chunk)), true) }) as unknown as NodeJS.WritableStream;
    const code = await main(['evaluate', '--model', join(out, 'last'), '--data', datasetFile, '--json', '--backend', 'cpu'], { stdout: sink((text) => (stdout += text)), stderr: sink(() => {}) });
    expect(code).toBe(0);
    const results = JSON.parse(stdout) as { dataset: string; rows: number; metrics: { accuracy: number } }[];
    expect(results[0]).toMatchObject({ dataset: 'toy', rows: 2 });
    expect(results[0]!.metrics.accuracy).toBeGreaterThanOrEqual(0);
  });
});
