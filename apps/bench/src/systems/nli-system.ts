/**
 * External NLI baseline: a Hugging Face NLI model (e.g. an MNLI DeBERTa exported to ONNX) from a
 * local directory, run through transformers.js' zero-shot-classification pipeline: one pass per
 * (text, label) hypothesis. Remote loading is disabled: nothing is ever downloaded.
 */
import { basename, dirname, join, resolve, sep } from 'node:path';
import { BackendUnavailableError, ModelLoadError, pathExists } from '@gliznet/common';
import type * as Transformers from '@huggingface/transformers';
import { hashFiles } from '../results/model-files.js';
import { alignScores, type SystemDescription, type ZeroShotSystem } from './zero-shot-system.js';

/** transformers.js' own default hypothesis. */
export const NLI_HYPOTHESIS_TEMPLATE = 'This example is {}.';

export interface NliSystemOptions {
  /** onnxruntime intra-op threads. Default 2. */
  threads?: number;
  /** Hypothesis with `{}` for the label. Default `This example is {}.` */
  hypothesisTemplate?: string;
  /** Name in tables and charts. Default `nli:<directory name>`. */
  name?: string;
}

interface ZeroShotOutput {
  labels: string[];
  scores: number[];
}

interface ZeroShotPipeline {
  (text: string, labels: string[], options: { multi_label: boolean; hypothesis_template: string }): Promise<ZeroShotOutput>;
  model: { _call: (...args: unknown[]) => unknown };
  dispose(): Promise<void>;
}

/** Model passes and blocked network requests, for tests and the results. */
export interface NliCounters {
  passes: number;
  blockedRequests: string[];
}

/** Loads `directory` (config.json, tokenizer.json, tokenizer_config.json, onnx/model.onnx). */
export async function loadNliSystem(directory: string, options: NliSystemOptions = {}): Promise<ZeroShotSystem & { counters: NliCounters }> {
  const absolute = resolve(directory);
  const required = ['config.json', 'tokenizer.json', 'tokenizer_config.json', join('onnx', 'model.onnx')].map((file) => join(absolute, file));
  const missing: string[] = [];
  for (const path of required) if (!(await pathExists(path))) missing.push(path);
  if (missing.length > 0) {
    throw new ModelLoadError(absolute, `${absolute} is not a transformers.js NLI model directory; missing: ${missing.join(', ')}. Export the model with Hugging Face Optimum (onnx/model.onnx) beside its config.json and tokenizer files.`, {
      problems: missing.map((path) => `missing ${path}`),
    });
  }
  let transformers: typeof Transformers;
  try {
    transformers = await import('@huggingface/transformers');
  } catch (error) {
    throw new BackendUnavailableError(`the NLI baseline needs @huggingface/transformers, which failed to load: ${(error as Error).message}`, {
      cause: error,
      attempts: [{ backend: '@huggingface/transformers (onnxruntime-node)', reason: (error as Error).message }],
    });
  }
  const counters: NliCounters = { passes: 0, blockedRequests: [] };
  const { env } = transformers;
  env.allowRemoteModels = false;
  env.allowLocalModels = true;
  env.useFSCache = false;
  env.localModelPath = `${dirname(absolute)}${sep}`;
  // Belt and braces: any request transformers.js would still send is refused and recorded.
  env.fetch = async (input: unknown): Promise<Response> => {
    counters.blockedRequests.push(String(input));
    throw new BackendUnavailableError(`network access is disabled for the NLI baseline (requested ${String(input)})`);
  };
  const threads = options.threads ?? 2;
  const template = options.hypothesisTemplate ?? NLI_HYPOTHESIS_TEMPLATE;
  let pipe: ZeroShotPipeline;
  try {
    pipe = (await transformers.pipeline('zero-shot-classification', basename(absolute), {
      local_files_only: true,
      dtype: 'fp32',
      device: 'cpu',
      session_options: { intraOpNumThreads: threads, interOpNumThreads: 1 },
    })) as unknown as ZeroShotPipeline;
  } catch (error) {
    throw new BackendUnavailableError(`transformers.js could not load the NLI model in ${absolute} offline: ${(error as Error).message}`, {
      cause: error,
      attempts: [{ backend: '@huggingface/transformers zero-shot-classification (onnxruntime-node, local files only)', reason: (error as Error).message }],
    });
  }
  // Count model passes: the pipeline calls its model once per (text, hypothesis).
  const model = pipe.model;
  const originalCall = model._call.bind(model);
  model._call = (...args: unknown[]) => {
    counters.passes += 1;
    return originalCall(...args);
  };
  const name = options.name ?? `nli:${basename(absolute)}`;
  const files = await hashFiles(required);

  return {
    name,
    kind: 'nli',
    threshold: 0.5,
    counters,
    describe(): SystemDescription {
      return {
        name,
        kind: 'nli',
        source: absolute,
        threshold: 0.5,
        thresholdSource: 'entailment-vs-contradiction probability 0.5',
        settings: { runtime: `transformers.js ${transformers.env.version} zero-shot-classification (onnxruntime-node)`, threads, hypothesisTemplate: template, dtype: 'fp32' },
        files,
      };
    },
    async classify(texts, labelsPerText, { multiLabel }) {
      const scores: number[][] = [];
      for (const [index, text] of texts.entries()) {
        const labels = [...labelsPerText[index]!];
        const output = await pipe(text, labels, { multi_label: multiLabel, hypothesis_template: template });
        scores.push(alignScores(labels, output.labels, output.scores, { missingScore: 0 }));
      }
      return scores;
    },
    async dispose() {
      await pipe.dispose();
    },
  };
}
