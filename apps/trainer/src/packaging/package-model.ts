/**
 * `packageModel(source, out)`: turns a trained model directory (a run's `best/`, `last/` or a
 * checkpoint) into a release directory: config.json, tokenizer.json, model.safetensors (fp16 by
 * default, or fp32, or left out) and the ONNX files to ship. The ONNX graphs are always exported from
 * the source's full-precision weights. Everything is assembled in a staging directory beside `out`
 * and swapped in with renames, so an interrupted run never leaves a half-written release behind.
 */
import { cp, mkdir, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { InvalidArgumentError, ModelLoadError, modelConfigToJson, type GliznetSettings, readModelConfig, readSafetensors, writeJsonAtomic, writeSafetensors, pathExists } from '@gliznet/common';
import { exportOnnx } from '@gliznet/onnx-export';

/** `float16` halves the file (weights rounded to half precision); `none` ships no training weights. */
export type PackagedWeights = 'float16' | 'float32' | 'none';
/** `fp32`: onnx/model.onnx; `int8`: onnx/model_quantized.onnx. */
export type PackagedOnnx = 'fp32' | 'int8';

export interface PackageModelOptions {
  /** Precision of model.safetensors in the release. Default `float16`. */
  weights?: PackagedWeights;
  /** ONNX files to ship. Default both. */
  onnx?: readonly PackagedOnnx[];
  /** Replace an existing `out` directory. Default false (an existing directory is an error). */
  overwrite?: boolean;
  /**
   * Multi-label threshold written to the release's config.json (`gliznet.threshold`), e.g. one chosen
   * on validation data. Default: the source's.
   */
  threshold?: number;
  /**
   * Most labels per pass written to the release's config.json (`gliznet.max_labels`), the SDK's default
   * `maxLabelsPerPass`. Above the count the model was trained with only for models whose label scores
   * cannot see the other labels (label_attention `text-and-self` or `self`, label_positions
   * `after-text` or `from-zero`); the window still splits lists that do not fit. Default: the source's.
   */
  maxLabelsPerPass?: number;
}

export interface PackagedFile {
  /** Path relative to the release directory. */
  path: string;
  bytes: number;
}

export interface PackageModelResult {
  directory: string;
  files: PackagedFile[];
  totalBytes: number;
}

const RELEASE_FILES = ['config.json', 'tokenizer.json', 'model.safetensors', 'onnx/model.onnx', 'onnx/model_quantized.onnx', 'README.md'];

export async function packageModel(source: string, out: string, options: PackageModelOptions = {}): Promise<PackageModelResult> {
  const weights = options.weights ?? 'float16';
  const onnx = options.onnx ?? ['fp32', 'int8'];
  if (!['float16', 'float32', 'none'].includes(weights)) {
    throw new InvalidArgumentError('weights', `weights must be float16, float32 or none, got ${JSON.stringify(weights)}`);
  }
  if (options.threshold !== undefined && !(options.threshold > 0 && options.threshold < 1)) {
    throw new InvalidArgumentError('threshold', `threshold must be strictly between 0 and 1, got ${JSON.stringify(options.threshold)}`);
  }
  if (onnx.length === 0 || onnx.some((variant) => variant !== 'fp32' && variant !== 'int8')) {
    throw new InvalidArgumentError('onnx', `onnx must list fp32 and/or int8, got ${JSON.stringify(onnx)}`);
  }
  const config = await readModelConfig(source); // a clear ModelLoadError when the source is not a model directory
  if (options.maxLabelsPerPass !== undefined) checkLabelsPerPass(options.maxLabelsPerPass, config.gliznet);
  for (const file of ['tokenizer.json', 'model.safetensors']) {
    if (!(await pathExists(join(source, file)))) {
      throw new ModelLoadError(join(source, file), `${join(source, file)} is missing: packageModel needs a trained model directory (config.json, tokenizer.json, model.safetensors), e.g. runs/<name>/best`);
    }
  }
  if ((await pathExists(out)) && options.overwrite !== true) {
    throw new InvalidArgumentError('out', `${out} already exists; pass overwrite (--overwrite) to replace it, or choose another directory`);
  }

  const staging = join(dirname(out), `.${basename(out)}.staging-${process.pid}`);
  await rm(staging, { recursive: true, force: true });
  await mkdir(staging, { recursive: true });
  try {
    for (const file of ['config.json', 'tokenizer.json', 'model.safetensors']) await cp(join(source, file), join(staging, file));
    if (options.threshold !== undefined || options.maxLabelsPerPass !== undefined) {
      const gliznet = {
        ...config.gliznet,
        ...(options.threshold === undefined ? {} : { threshold: options.threshold }),
        ...(options.maxLabelsPerPass === undefined ? {} : { maxLabels: options.maxLabelsPerPass }),
      };
      await writeJsonAtomic(join(staging, 'config.json'), modelConfigToJson({ ...config, gliznet }));
    }
    // A model card written by hand beside an earlier release survives re-packaging.
    if (await pathExists(join(out, 'README.md'))) await cp(join(out, 'README.md'), join(staging, 'README.md'));
    await exportOnnx(staging, { quantize: onnx.includes('int8') });
    if (!onnx.includes('fp32')) await rm(join(staging, 'onnx', 'model.onnx'));
    if (weights === 'none') await rm(join(staging, 'model.safetensors'));
    if (weights === 'float16') {
      const tensors = await readSafetensors(join(staging, 'model.safetensors'));
      await writeSafetensors(join(staging, 'model.safetensors'), tensors, { floatDtype: 'F16' });
    }
    const previous = `${staging}.previous`;
    if (await pathExists(out)) await rename(out, previous);
    await rename(staging, out);
    await rm(previous, { recursive: true, force: true });
  } catch (error) {
    await rm(staging, { recursive: true, force: true });
    throw error;
  }

  const files: PackagedFile[] = [];
  for (const path of RELEASE_FILES) {
    try {
      files.push({ path, bytes: (await stat(join(out, path))).size });
    } catch {
      // not part of this release
    }
  }
  return { directory: out, files, totalBytes: files.reduce((sum, file) => sum + file.bytes, 0) };
}

/** Refuses a labels-per-pass cap the model's layout cannot honour (see `maxLabelsPerPass`). */
function checkLabelsPerPass(count: number, settings: GliznetSettings): void {
  if (!Number.isInteger(count) || count < 1) {
    throw new InvalidArgumentError('maxLabelsPerPass', `max labels per pass must be a positive integer, got ${JSON.stringify(count)}`);
  }
  const independent = (settings.labelAttention === 'text-and-self' || settings.labelAttention === 'self') && settings.labelPositions !== 'sequential';
  if (count > settings.maxLabels && !independent) {
    throw new InvalidArgumentError(
      'maxLabelsPerPass',
      `max labels per pass ${count} is above the ${settings.maxLabels} this model was trained with, and its labels see each other ` +
        `(label_attention ${JSON.stringify(settings.labelAttention)}, label_positions ${JSON.stringify(settings.labelPositions)}), so more labels per pass would change its scores; ` +
        `use at most ${settings.maxLabels}, or train with --label-attention text-and-self --label-positions after-text`,
    );
  }
}
