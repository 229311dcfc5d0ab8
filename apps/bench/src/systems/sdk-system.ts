/**
 * GliZNet and the cross-encoder baseline, both through `@gliznet/sdk` on onnxruntime-node: the same
 * runtime, tokenizer and batching, so the only difference measured is one pass for all labels
 * versus one pass per (text, label) pair.
 */
import { join } from 'node:path';
import { ConfigurationError, type Architecture } from '@gliznet/common';
import { DEFAULT_LABEL_ORDER, ZeroShotClassifier, type LabelOrder } from '@gliznet/sdk';
import { canonicalLabelOrder, capLabelsPerPass, GliznetTokenizer } from '@gliznet/tokenizer';
import { hashFiles } from '../results/model-files.js';
import { alignScores, type SystemDescription, type ZeroShotSystem } from './zero-shot-system.js';

export interface SdkSystemOptions {
  /** The architecture the directory must hold (`--model` is gliznet, `--baseline` cross-encoder). */
  architecture: Architecture;
  /** onnxruntime intra-op threads. Default 2. */
  threads?: number;
  /** Run `onnx/model_quantized.onnx`. Default false. */
  quantized?: boolean;
  /** Passes per onnxruntime call. Default: the SDK's (32). */
  batchSize?: number;
  /** GliZNet: most labels per pass (the SDK's `maxLabelsPerPass`). Default: the model's `max_labels`. */
  maxLabelsPerPass?: number;
  /** GliZNet: the SDK's `labelOrder` (`canonical` reads the labels sorted). Default: the SDK's (`canonical`). */
  labelOrder?: LabelOrder;
  /** Name in tables and charts. Default: `gliznet` or `cross-encoder`. */
  name?: string;
}

/** Loads a model directory exported with `@gliznet/onnx-export` as a benchmark system. */
export async function loadSdkSystem(directory: string, options: SdkSystemOptions): Promise<ZeroShotSystem> {
  const threads = options.threads ?? 2;
  const quantized = options.quantized ?? false;
  const classifier = await ZeroShotClassifier.fromPretrained(directory, { threads, quantized });
  const settings = classifier.config.gliznet;
  if (settings.architecture !== options.architecture) {
    await classifier.dispose();
    const flag = options.architecture === 'gliznet' ? '--model' : '--baseline';
    throw new ConfigurationError(
      `${directory} holds a ${settings.architecture} model (config.json gliznet.architecture) but ${flag} expects ${options.architecture}. ` +
        `Pass a ${options.architecture} model directory to ${flag}.`,
    );
  }
  const tokenizer = await GliznetTokenizer.fromDirectory(classifier.modelDirectory);
  const maxLength = settings.maxLength;
  const maxLabelsPerPass = options.maxLabelsPerPass ?? settings.maxLabels;
  const labelOrder = options.labelOrder ?? DEFAULT_LABEL_ORDER;
  const template = settings.hypothesisTemplate;
  const name = options.name ?? options.architecture;
  const kind = options.architecture === 'gliznet' ? 'gliznet' : 'cross-encoder';
  const files = await hashFiles([join(classifier.modelDirectory, 'config.json'), join(classifier.modelDirectory, 'tokenizer.json'), classifier.modelPath]);

  return {
    name,
    kind,
    threshold: settings.threshold,
    describe(): SystemDescription {
      return {
        name,
        kind,
        source: classifier.modelDirectory,
        threshold: settings.threshold,
        thresholdSource: 'config.json gliznet.threshold',
        settings: {
          runtime: 'onnxruntime-node via @gliznet/sdk',
          threads,
          quantized,
          maxLength,
          ...(options.batchSize === undefined ? {} : { batchSize: options.batchSize }),
          ...(options.architecture === 'gliznet' ? { maxLabelsPerPass, labelOrder } : {}),
          hypothesisTemplate: template,
        },
        files,
      };
    },
    async classify(texts, labelsPerText, { multiLabel }) {
      const results = await classifier.classify(texts, labelsPerText, {
        multiLabel,
        // Multi-label: keep every label's probability; the benchmark applies the threshold itself.
        ...(multiLabel ? { threshold: 0 } : {}),
        ...(options.batchSize === undefined ? {} : { batchSize: options.batchSize }),
        ...(options.architecture === 'gliznet' ? { maxLabelsPerPass, labelOrder } : {}),
      });
      return results.map((result, index) => alignScores(labelsPerText[index]!, result.labels, result.scores, { missingScore: 0 }));
    },
    async tokensProcessed(texts, labelsPerText) {
      let total = 0;
      for (const [index, text] of texts.entries()) {
        const given = labelsPerText[index]!;
        const labels = labelOrder === 'canonical' ? canonicalLabelOrder(given).map((position) => given[position]!) : given;
        if (options.architecture === 'gliznet') {
          // One joint sequence per pass: the window's label chunks, capped at maxLabelsPerPass as the SDK does.
          const chunks = capLabelsPerPass(await tokenizer.planLabelChunks(text, labels, { maxLength }), { maxLabelsPerPass });
          for (const chunk of chunks) {
            total += (await tokenizer.encode(text, chunk, { maxLength })).inputIds.length;
          }
        } else {
          for (const label of labels) total += (await tokenizer.encodePair(text, template.split('{label}').join(label), { maxLength })).inputIds.length;
        }
      }
      return total;
    },
    async dispose() {
      await classifier.dispose();
    },
  };
}
