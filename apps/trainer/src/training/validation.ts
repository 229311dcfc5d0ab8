/**
 * Validation on held-out training-format records (the corpus build's val split), used to pick the
 * best checkpoint. Each record gets a fixed candidate list (sampled once with the run's seed, the
 * same at every validation), the model scores it, and:
 * - top-1 accuracy: the highest-scoring label is one of the record's positives;
 * - macro-F1: over records with exactly one positive, top label vs that positive;
 * - loss: the mean BCE over every candidate.
 */
import type { GliznetModel } from '@gliznet/core';
import { singleLabelMetrics } from '@gliznet/evaluation';
import type { GliznetTokenizer } from '@gliznet/tokenizer';
import type { TrainingRecord } from '@gliznet/synth';
import { derivedRandom } from './batch-plan.js';
import { encodeTrainingBatch } from './training-batch.js';
import type { LabelPool } from './label-pool.js';
import { sampleTrainingExample, type ExampleSamplerOptions, type TrainingExample } from './example-sampler.js';

export interface ValidationMetrics {
  records: number;
  top1Accuracy: number;
  macroF1: number;
  bce: number;
}

const VALIDATION_STREAM = 0x7a11d;

/** The fixed validation examples of a run. */
export function validationExamples(records: readonly TrainingRecord[], labelPool: LabelPool | readonly string[], options: ExampleSamplerOptions & { seed: number; limit: number }): TrainingExample[] {
  const random = derivedRandom(options.seed, VALIDATION_STREAM);
  const chosen = records.length <= options.limit ? records : random.shuffle([...records]).slice(0, options.limit);
  return chosen.map((record, index) => sampleTrainingExample(record, labelPool, derivedRandom(options.seed, VALIDATION_STREAM, index), { ...options, labelCount: 'max' }));
}

export async function validate(model: GliznetModel, tokenizer: GliznetTokenizer, examples: readonly TrainingExample[], options: { maxLength: number; batchSize: number }): Promise<ValidationMetrics> {
  let correct = 0;
  let withPositive = 0;
  let bceSum = 0;
  let bceCount = 0;
  const gold: string[] = [];
  const predicted: string[] = [];
  const logitsPerExample: number[][] = [];
  const scored: TrainingExample[] = [];
  for (let start = 0; start < examples.length; start += options.batchSize) {
    const encoded = await encodeTrainingBatch(tokenizer, examples.slice(start, start + options.batchSize), { architecture: model.architecture, maxLength: options.maxLength });
    const output = model.forward(encoded.inputs, { training: false });
    const values = (await output.logits.data()) as Float32Array;
    output.logits.dispose();
    output.labelMask.dispose();
    // gliznet: [rows, numLabels]; cross-encoder: one logit per (example, label) pair, in example order.
    let offset = 0;
    for (const example of encoded.fitted) {
      const count = example.labels.length;
      logitsPerExample.push(Array.from(values.subarray(offset, offset + count)));
      scored.push(example);
      offset += model.architecture === 'cross-encoder' ? count : encoded.numLabels;
    }
  }
  scored.forEach((example, index) => {
    const logits = logitsPerExample[index]!;
    let best = 0;
    logits.forEach((logit, column) => {
      if (logit > logits[best]!) best = column;
      const target = example.targets[column]!;
      bceSum += Math.max(logit, 0) - logit * target + Math.log1p(Math.exp(-Math.abs(logit)));
      bceCount += 1;
    });
    const positives = example.targets.filter((target) => target === 1).length;
    if (positives > 0) {
      withPositive += 1;
      if (example.targets[best] === 1) correct += 1;
    }
    if (positives === 1) {
      gold.push(example.labels[example.targets.indexOf(1)]!);
      predicted.push(example.labels[best]!);
    }
  });
  const labels = [...new Set([...gold, ...predicted])];
  return {
    records: examples.length,
    top1Accuracy: withPositive === 0 ? 0 : correct / withPositive,
    macroF1: gold.length === 0 ? 0 : singleLabelMetrics(gold, predicted, { labels }).macroF1,
    bce: bceCount === 0 ? 0 : bceSum / bceCount,
  };
}
