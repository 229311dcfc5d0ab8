/** The flags that choose the systems (shared by `accuracy` and `speed`) and their loading. */
import { relative, resolve } from 'node:path';
import { ConfigurationError, InvalidArgumentError, isDirectory, type OptionSpec, type ParsedValue } from '@gliznet/common';
import { shipsOnlyInt8Graph, type LabelOrder } from '@gliznet/sdk';
import { DEFAULT_BASELINE_DIRECTORY, DEFAULT_MODEL_DIRECTORY, repositoryRoot } from '../paths.js';
import { loadBiEncoderSystem } from '../systems/bi-encoder-system.js';
import { loadOnnxBiEncoderSystem } from '../systems/onnx-bi-encoder-system.js';
import { loadNliSystem } from '../systems/nli-system.js';
import { loadSdkSystem } from '../systems/sdk-system.js';
import type { ZeroShotSystem } from '../systems/zero-shot-system.js';

const defaultModel = relative(repositoryRoot, DEFAULT_MODEL_DIRECTORY);
const defaultBaseline = relative(repositoryRoot, DEFAULT_BASELINE_DIRECTORY);

export const SYSTEM_OPTIONS: Record<string, OptionSpec> = {
  model: { type: 'string', placeholder: '<dir|none>', description: `GliZNet model directory (config.json, tokenizer.json, onnx/model.onnx); default ${defaultModel}; "none" leaves GliZNet out` },
  baseline: { type: 'string', placeholder: '<dir|none>', description: `cross-encoder model directory (same encoder and training data); default ${defaultBaseline} when it exists; "none" to skip` },
  'bi-encoder': { type: 'string', multiple: true, placeholder: '<use-lite|dir>', description: 'add a pretrained sentence-embedding baseline (cosine to "This text is about {label}."): use-lite, or a sentence-transformers directory (pnpm trainer encoder fetch)' },
  nli: { type: 'string', multiple: true, placeholder: '<dir>', description: 'add a local Hugging Face NLI model directory (transformers.js zero-shot pipeline, offline)' },
  threads: { type: 'number', default: 2, description: 'onnxruntime (and tfjs wasm) threads per system' },
  quantized: { type: 'boolean', default: false, description: 'run the int8 ONNX files (onnx/model_quantized.onnx)' },
  'compare-int8': { type: 'boolean', default: false, description: 'also run the GliZNet model\'s int8 file as a second system, gliznet-int8, on the same rows' },
  'max-labels-per-pass': { type: 'number', placeholder: '<n>', description: 'GliZNet: most labels per pass (the SDK\'s maxLabelsPerPass; default: the model\'s max_labels)' },
  'label-order': { type: 'string', choices: ['as-given', 'canonical'], placeholder: '<order>', description: 'GliZNet: read the labels sorted (canonical, the SDK default: results independent of the order) or in the order given (as-given)' },
  'batch-size': { type: 'number', placeholder: '<n>', description: 'passes per onnxruntime call (default: the SDK\'s, 32)' },
};

/**
 * Whether a system runs int8: with `--quantized`, or when its directory ships only
 * `onnx/model_quantized.onnx` (the default model and baseline do, to keep `models/` small). The
 * second case is logged and recorded in the results (`settings.quantized`, the system's name),
 * never silent.
 */
export async function runsQuantized(directory: string, options: { quantized: boolean; role: string; log: (message: string) => void }): Promise<boolean> {
  if (options.quantized) return true;
  if (!(await shipsOnlyInt8Graph(directory))) return false;
  options.log(`note: ${relative(process.cwd(), directory) || directory} ships only onnx/model_quantized.onnx, so the ${options.role} runs int8 (pass --quantized to run every system int8)`);
  return true;
}

/**
 * `--model` / `--baseline`: "none" -> undefined; a path -> that path; absent -> the default
 * directory when it exists, else undefined for the optional baseline and a ConfigurationError for
 * the model.
 */
export async function resolveModelArgument(value: ParsedValue, options: { flag: 'model' | 'baseline'; defaultDirectory: string; required: boolean }): Promise<string | undefined> {
  if (value === 'none') return undefined;
  if (typeof value === 'string') return resolve(value);
  if (await isDirectory(options.defaultDirectory)) return options.defaultDirectory;
  if (!options.required) return undefined;
  throw new ConfigurationError(
    `no --${options.flag} given and the default model ${relative(repositoryRoot, options.defaultDirectory)} does not exist yet (the default-model issue trains it). ` +
      `Pass --${options.flag} <model dir> (any directory exported with @gliznet/onnx-export), or --${options.flag} none to leave it out.`,
  );
}

function positiveInteger(value: ParsedValue, flag: string): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) throw new InvalidArgumentError(flag, `--${flag} must be a positive integer, got ${JSON.stringify(value)}`);
  return value;
}

/** Loads every system the flags ask for, in a fixed order (GliZNet, cross-encoder, bi-encoder, NLI). */
export async function loadSystems(values: Record<string, ParsedValue>, options: { log: (message: string) => void }): Promise<ZeroShotSystem[]> {
  const threads = positiveInteger(values['threads'], 'threads') ?? 2;
  const batchSize = positiveInteger(values['batch-size'], 'batch-size');
  const quantized = values['quantized'] === true;
  const maxLabelsPerPass = positiveInteger(values['max-labels-per-pass'], 'max-labels-per-pass');
  const labelOrder = values['label-order'] as LabelOrder | undefined; // checked against the option's choices
  const model = await resolveModelArgument(values['model'], { flag: 'model', defaultDirectory: DEFAULT_MODEL_DIRECTORY, required: true });
  const baseline = await resolveModelArgument(values['baseline'], { flag: 'baseline', defaultDirectory: DEFAULT_BASELINE_DIRECTORY, required: false });
  if (values['baseline'] === undefined && baseline === undefined) options.log(`note: no cross-encoder baseline (${defaultBaseline} does not exist; pass --baseline <dir>)`);
  const systems: ZeroShotSystem[] = [];
  try {
    const sdkOptions = { threads, quantized, ...(batchSize === undefined ? {} : { batchSize }) };
    const gliznetOptions = {
      ...sdkOptions,
      architecture: 'gliznet' as const,
      ...(maxLabelsPerPass === undefined ? {} : { maxLabelsPerPass }),
      ...(labelOrder === undefined ? {} : { labelOrder }),
    };
    if (model !== undefined) {
      const modelQuantized = values['compare-int8'] === true ? quantized : await runsQuantized(model, { quantized, role: 'GliZNet model', log: options.log });
      systems.push(await loadSdkSystem(model, { ...gliznetOptions, quantized: modelQuantized, ...(modelQuantized && !quantized ? { name: 'gliznet-int8' } : {}) }));
    }
    if (model !== undefined && values['compare-int8'] === true) {
      if (quantized) throw new InvalidArgumentError('compare-int8', '--compare-int8 adds the int8 model beside the fp32 one; drop --quantized (which makes every system int8)');
      systems.push(await loadSdkSystem(model, { ...gliznetOptions, quantized: true, name: 'gliznet-int8' }));
    }
    if (baseline !== undefined) {
      const baselineQuantized = await runsQuantized(baseline, { quantized, role: 'cross-encoder', log: options.log });
      // Named for its precision when it differs from GliZNet's, so tables never compare them unawares.
      const name = baselineQuantized && !quantized ? 'cross-encoder-int8' : 'cross-encoder';
      systems.push(await loadSdkSystem(baseline, { ...sdkOptions, quantized: baselineQuantized, architecture: 'cross-encoder', name }));
    }
    for (const encoder of (values['bi-encoder'] as string[] | undefined) ?? []) {
      if (encoder !== 'use-lite' && !(await isDirectory(encoder))) throw new InvalidArgumentError('bi-encoder', `--bi-encoder ${encoder} is neither use-lite nor a directory; fetch one with \`pnpm trainer encoder fetch all-MiniLM-L6-v2\` and pass data/encoders/all-MiniLM-L6-v2`);
      systems.push(encoder === 'use-lite' ? await loadBiEncoderSystem({ threads }) : await loadOnnxBiEncoderSystem(resolve(encoder), { threads }));
    }
    for (const directory of (values['nli'] as string[] | undefined) ?? []) systems.push(await loadNliSystem(directory, { threads }));
  } catch (error) {
    for (const system of systems) await system.dispose();
    throw error;
  }
  if (systems.length === 0) throw new InvalidArgumentError('model', 'no system to benchmark: give --model, --baseline, --bi-encoder or --nli');
  const names = new Set<string>();
  for (const system of systems) {
    if (names.has(system.name)) throw new InvalidArgumentError('nli', `two systems are both named ${JSON.stringify(system.name)}; give the NLI directories distinct names`);
    names.add(system.name);
  }
  return systems;
}
