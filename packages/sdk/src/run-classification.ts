/**
 * The classifier's logic, independent of tokenizer and runtime implementations:
 * texts -> (long-text windows) -> passes (label chunks for GliZNet, one pass per label for
 * cross-encoders) -> length-sorted batches -> logits -> exact merge per window -> aggregation over
 * windows -> probabilities -> ranking.
 */
import { InferenceError, type Architecture } from '@gliznet/common';
import { canonicalLabelOrder, capLabelsPerPass } from '@gliznet/tokenizer';
import { batchBySimilarLength } from './batching.js';
import type { ClassificationResult, ClassifierEncoder, ClassifierTimings, LogitsRunner } from './classification-types.js';
import type { ResolvedClassifyOptions } from './classify-options.js';
import { aggregateWindowLogits, logitsToScores, mergeLabelChunkLogits, rankLabels, type PartialLogits } from './scores.js';
import { splitIntoWindows } from './text-windows.js';

/** One row sent to the model: a window of one text with some of that text's labels. */
interface Pass {
  textIndex: number;
  windowIndex: number;
  windowText: string;
  /** Indices into the text's label list. */
  labelIndices: number[];
  /** Characters of text and labels, to batch similar lengths together. */
  lengthEstimate: number;
  /** When the window takes several GliZNet passes: the text tokens every one of them keeps. */
  maxTextTokens: number | undefined;
}

/** The passes of one text window: label index chunks, and the text cap they share (if several). */
interface WindowPlan {
  chunks: number[][];
  maxTextTokens: number | undefined;
}

/** Per text and window, the logits collected from its passes. */
interface WindowState {
  parts: PartialLogits[];
  truncated: boolean;
}

/** How one text's logits become its result: the options that act after the model, not on what it reads. */
export interface ScoringOptions {
  multiLabel: boolean;
  threshold: number | undefined;
  topK: number | undefined;
}

export interface RunClassificationInput {
  texts: readonly string[];
  /** One label list per text (the same array may be shared). */
  labelLists: readonly (readonly string[])[];
  options: ResolvedClassifyOptions;
  /**
   * Per text, scoring options that replace `options`' multiLabel / threshold / topK for that text, so
   * texts of different requests can share batches (a server's dynamic batching). Default: `options`'.
   */
  scoring?: readonly (ScoringOptions | undefined)[];
  /** Called before planning and before each onnxruntime run; throws to stop the call (AbortSignal, timeout). */
  checkAborted?: () => void;
  architecture: Architecture;
  encoder: ClassifierEncoder;
  runner: LogitsRunner;
  /** Accumulates stage timings when given (pass a fresh object per call for per-call timings). */
  timings?: ClassifierTimings;
  /** Model file, for error messages. */
  modelPath?: string;
}

/** GliZNet passes for one text window: label chunks that fit the window, capped by `maxLabelsPerPass`. */
async function planGliznetPasses(encoder: ClassifierEncoder, text: string, labels: readonly string[], options: ResolvedClassifyOptions): Promise<number[][]> {
  // labelOrder 'canonical': plan on the labels sorted by normalised text, then map back to the caller's indices.
  const order = options.labelOrder === 'canonical' ? canonicalLabelOrder(labels) : labels.map((_, index) => index);
  const ordered = order.map((index) => labels[index] as string);
  const chunks = await encoder.planLabelChunks(text, ordered, { maxLength: options.maxLength });
  return capLabelsPerPass(chunks, { maxLabelsPerPass: options.maxLabelsPerPass }).map((chunk) => chunk.map((position) => order[position] as number));
}

/**
 * When a window takes several GliZNet passes, each keeps the same text: the tokens any label chunk
 * leaves room for. A label's score then depends neither on which pass it landed in nor on the
 * label order. Undefined for a single pass (it keeps all that fits).
 */
function sharedTextCap(encoder: ClassifierEncoder, chunks: readonly (readonly number[])[], options: ResolvedClassifyOptions): number | undefined {
  return chunks.length < 2 ? undefined : encoder.sharedTextTokens({ maxLength: options.maxLength });
}

function sumLength(labels: readonly string[], indices: readonly number[]): number {
  let total = 0;
  for (const index of indices) total += (labels[index] as string).length + 3;
  return total;
}

/** Classifies every text against its label list. Results are in input order. */
export async function runClassification(input: RunClassificationInput): Promise<ClassificationResult[]> {
  const { texts, labelLists, options, encoder, runner } = input;
  const timings = input.timings;
  const clock = () => performance.now();
  const checkAborted = input.checkAborted ?? ((): void => undefined);

  // 1. Windows and passes.
  checkAborted();
  let started = clock();
  // Texts are planned concurrently: the native tokenizer works on its own threads.
  const windowsPerText: string[][] = await Promise.all(
    texts.map(async (text) => (options.longText === 'chunk' ? splitIntoWindows(text, await encoder.textUnits(text), options).map((window) => window.text) : [text])),
  );
  const plansPerWindow: WindowPlan[][] = await Promise.all(
    windowsPerText.map((windows, textIndex) => {
      const labels = labelLists[textIndex] as readonly string[];
      return Promise.all(
        windows.map(async (windowText): Promise<WindowPlan> => {
          if (input.architecture === 'cross-encoder') return { chunks: labels.map((_, labelIndex) => [labelIndex]), maxTextTokens: undefined };
          const chunks = await planGliznetPasses(encoder, windowText, labels, options);
          return { chunks, maxTextTokens: sharedTextCap(encoder, chunks, options) };
        }),
      );
    }),
  );
  const passes: Pass[] = [];
  windowsPerText.forEach((windows, textIndex) => {
    const labels = labelLists[textIndex] as readonly string[];
    windows.forEach((windowText, windowIndex) => {
      const { chunks, maxTextTokens } = (plansPerWindow[textIndex] as WindowPlan[])[windowIndex] as WindowPlan;
      for (const labelIndices of chunks) {
        passes.push({ textIndex, windowIndex, windowText, labelIndices, lengthEstimate: windowText.length + sumLength(labels, labelIndices), maxTextTokens });
      }
    });
  });
  if (timings !== undefined) timings.tokenizationMs += clock() - started;

  // 2. Batches.
  const state: WindowState[][] = windowsPerText.map((windows) => windows.map(() => ({ parts: [], truncated: false })));
  for (const batch of batchBySimilarLength(passes, options.batchSize, (pass) => pass.lengthEstimate)) {
    checkAborted();
    started = clock();
    const batchTexts = batch.map((pass) => pass.windowText);
    const encoded = input.architecture === 'cross-encoder'
      ? await encoder.encodePairs(batchTexts, batch.map((pass) => (labelLists[pass.textIndex] as readonly string[])[pass.labelIndices[0] as number] as string), { maxLength: options.maxLength })
      : await encoder.encodeJoint(batchTexts, batch.map((pass) => pass.labelIndices.map((index) => (labelLists[pass.textIndex] as readonly string[])[index] as string)), {
          maxLength: options.maxLength,
          maxTextTokens: batch.map((pass) => pass.maxTextTokens),
        });
    const afterEncoding = clock();
    if (timings !== undefined) timings.tokenizationMs += afterEncoding - started;

    const logits = await runner.runLogits(encoded.inputs); // [batch, numLabels]
    const afterRun = clock();
    if (timings !== undefined) {
      timings.inferenceMs += afterRun - afterEncoding;
      timings.batches += 1;
      timings.passes += batch.length;
    }
    const [rows, columns] = logits.dims as [number, number];
    if (logits.dims.length !== 2 || rows !== batch.length) {
      throw new InferenceError(`${input.modelPath ?? 'the model'} returned logits of shape [${logits.dims.join(', ')}] for a batch of ${batch.length}; expected [${batch.length}, numLabels]`, { ...(input.modelPath === undefined ? {} : { path: input.modelPath }) });
    }
    batch.forEach((pass, row) => {
      const expected = pass.labelIndices.length;
      const found = encoded.numLabels[row] ?? expected;
      if (found !== expected || expected > columns) {
        throw new InferenceError(`${input.modelPath ?? 'the model'}: row ${row} should score ${expected} labels but the tokenizer found ${found} and the model returned ${columns} columns`, { ...(input.modelPath === undefined ? {} : { path: input.modelPath }) });
      }
      const windowState = (state[pass.textIndex] as WindowState[])[pass.windowIndex] as WindowState;
      windowState.parts.push({ labelIndices: pass.labelIndices, logits: logits.data.subarray(row * columns, row * columns + expected) });
      if (encoded.truncated[row] === true) windowState.truncated = true;
    });
    if (timings !== undefined) timings.postprocessingMs += clock() - afterRun;
  }

  // 3. Merge, aggregate, score, rank.
  started = clock();
  const results = texts.map((text, textIndex): ClassificationResult => {
    const labels = labelLists[textIndex] as readonly string[];
    const windows = state[textIndex] as WindowState[];
    const windowLogits = windows.map((window) => mergeLabelChunkLogits(labels.length, window.parts));
    const scoring = input.scoring?.[textIndex] ?? options;
    // One candidate label cannot compete (a softmax over it is always 1): it is judged on its own, as with multiLabel.
    const independent = scoring.multiLabel || labels.length === 1;
    const logits = windowLogits.length === 1 ? (windowLogits[0] as Float64Array) : aggregateWindowLogits(windowLogits, { multiLabel: independent });
    const scores = logitsToScores(logits, { multiLabel: independent });
    const ranked = rankLabels(labels, scores, { threshold: scoring.threshold, topK: scoring.topK });
    return { text, labels: ranked.labels, scores: ranked.scores, truncated: windows.some((window) => window.truncated) };
  });
  if (timings !== undefined) timings.postprocessingMs += clock() - started;
  return results;
}
