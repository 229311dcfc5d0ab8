/**
 * Scores texts against candidate labels with a tfjs model (the trainer's view of inference; the
 * SDK does the same with onnxruntime). Label lists that do not fit the window, or hold more than
 * `maxLabelsPerPass` labels, are split into chunks and the logits are put back in label order, so
 * any number of labels works. Cross-encoder models score one (text, label) pair per row.
 */
import type { GliznetModel } from '@gliznet/core';
import { capLabelsPerPass, type GliznetTokenizer } from '@gliznet/tokenizer';
import * as tf from '@tensorflow/tfjs-core';

export interface ScoreTextsOptions {
  /** Sequences per forward pass. Default 32. */
  batchSize?: number;
  /** Window in tokens. Default: the tokenizer's. */
  maxLength?: number;
  /** GliZNet: most labels per pass, as in the SDK. Default: the model's `max_labels`. */
  maxLabelsPerPass?: number;
  /** Called after each forward pass with the texts finished so far. */
  onProgress?: (done: number, total: number) => void;
}

interface Job {
  text: string;
  labels: string[];
  /** Text index and label positions the logits go to. */
  textIndex: number;
  labelOffset: number;
  /** GliZNet, several passes: the text tokens every pass of the text keeps. */
  maxTextTokens?: number;
}

/** Raw logits per text, aligned with `labels` (the same candidate list for every text). */
export async function scoreTexts(model: GliznetModel, tokenizer: GliznetTokenizer, texts: readonly string[], labels: readonly string[], options: ScoreTextsOptions = {}): Promise<number[][]> {
  const batchSize = options.batchSize ?? 32;
  const encodeOptions = options.maxLength === undefined ? {} : { maxLength: options.maxLength };
  const logits = texts.map(() => new Array<number>(labels.length).fill(Number.NaN));
  const jobs: Job[] = [];
  const crossEncoder = model.architecture === 'cross-encoder';
  for (let textIndex = 0; textIndex < texts.length; textIndex++) {
    const text = texts[textIndex]!;
    if (crossEncoder) {
      labels.forEach((label, labelOffset) => jobs.push({ text, labels: [label], textIndex, labelOffset }));
      continue;
    }
    let offset = 0;
    const chunks = capLabelsPerPass(await tokenizer.planLabelChunks(text, labels, encodeOptions), { maxLabelsPerPass: options.maxLabelsPerPass ?? model.config.gliznet.maxLabels });
    // As in the SDK: several passes all read the text cut to what any chunk leaves room for, so no label's score depends on its pass or the label order.
    const maxTextTokens = chunks.length < 2 ? undefined : tokenizer.reservedTextTokens(encodeOptions);
    for (const chunk of chunks) {
      jobs.push({ text, labels: chunk, textIndex, labelOffset: offset, maxTextTokens });
      offset += chunk.length;
    }
  }
  // Similar lengths together: less padding.
  jobs.sort((a, b) => a.text.length + a.labels.join(' ').length - (b.text.length + b.labels.join(' ').length));
  const finishedTexts = new Set<number>();
  const remaining = new Map<number, number>();
  for (const job of jobs) remaining.set(job.textIndex, (remaining.get(job.textIndex) ?? 0) + 1);
  for (let start = 0; start < jobs.length; start += batchSize) {
    const batchJobs = jobs.slice(start, start + batchSize);
    const inputs = crossEncoder
      ? await tokenizer.encodePairBatch(batchJobs.map((job) => job.text), batchJobs.map((job) => job.labels[0]!), encodeOptions)
      : await tokenizer.encodeBatch(batchJobs.map((job) => job.text), batchJobs.map((job) => job.labels), { ...encodeOptions, maxTextTokens: batchJobs.map((job) => job.maxTextTokens) });
    const output = model.forward(inputs, { training: false });
    const values = (await output.logits.data()) as Float32Array;
    const columns = output.logits.shape[1] ?? 1;
    tf.dispose([output.logits, output.labelMask]);
    batchJobs.forEach((job, row) => {
      job.labels.forEach((_, column) => (logits[job.textIndex]![job.labelOffset + column] = values[row * columns + column]!));
      const left = remaining.get(job.textIndex)! - 1;
      remaining.set(job.textIndex, left);
      if (left === 0) finishedTexts.add(job.textIndex);
    });
    options.onProgress?.(finishedTexts.size, texts.length);
  }
  return logits;
}

export function sigmoid(logit: number): number {
  return 1 / (1 + Math.exp(-logit));
}
