/**
 * What an `--output` file was made from, kept beside it in `<output>.gliznet.json`: the candidate
 * labels, the model (SHA-256 of its ONNX file, config.json and tokenizer.json) and every option
 * that changes a result. A run resumes an existing output only when these match; the input itself
 * is checked row by row against the kept results (see kept-rows.ts), so a renamed input still
 * resumes and another input does not.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import { InvalidArgumentError, writeJsonAtomic, type ModelConfig } from '@gliznet/common';
import { modelLimits, resolveClassifyOptions, type ClassifyOptions } from '../classify-options.js';

export const PROVENANCE_FORMAT = 'gliznet-classify-output';
export const PROVENANCE_VERSION = 1;

/** The contents of `<output>.gliznet.json`. */
export interface OutputProvenance {
  format: typeof PROVENANCE_FORMAT;
  version: number;
  /** The input the output was started from (informational: rows are checked by content). */
  input: string;
  /** `--labels` / `--labels-file` labels; null when every record brings its own. */
  labels: string[] | null;
  /** The model: its directory (informational) and the SHA-256 of each file that decides a result. */
  model: { directory: string | null; files: Record<string, string> };
  /** Options that change a result, with the model's defaults applied (batch size and threads do not). */
  options: Record<string, unknown>;
}

/** What the provenance needs to know about the loaded classifier (ZeroShotClassifier provides all of it). */
export interface ModelIdentity {
  modelDirectory?: string;
  modelPath?: string;
  config?: ModelConfig;
  /** Whether the loaded graph is the int8 one. */
  quantized?: boolean;
}

/** Path of the sidecar file describing `output`. */
export function provenancePath(output: string): string {
  return `${output}.gliznet.json`;
}

async function sha256(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** SHA-256 of the model's ONNX file, config.json and tokenizer.json (relative names as keys). */
async function modelFiles(model: ModelIdentity): Promise<Record<string, string>> {
  if (model.modelDirectory === undefined || model.modelPath === undefined) return {};
  const directory = resolve(model.modelDirectory);
  const onnx = resolve(model.modelPath);
  const inside = relative(directory, onnx);
  const onnxName = inside.startsWith('..') || isAbsolute(inside) ? onnx : inside.split(sep).join('/');
  return {
    [onnxName]: await sha256(onnx),
    'config.json': await sha256(join(directory, 'config.json')),
    'tokenizer.json': await sha256(join(directory, 'tokenizer.json')),
  };
}

/** Options as they decide results: resolved against the model's defaults when its config is known. */
function effectiveOptions(options: ClassifyOptions, extra: Record<string, unknown>, config: ModelConfig | undefined): Record<string, unknown> {
  const resolved: Record<string, unknown> = config === undefined ? { ...options } : { ...resolveClassifyOptions(options, config.gliznet, modelLimits(config.huggingFace)) };
  delete resolved['batchSize'];
  const entries = Object.entries({ ...resolved, ...extra }).filter(([, value]) => value !== undefined);
  return Object.fromEntries(entries.sort(([left], [right]) => left.localeCompare(right)));
}

/** The provenance of the run about to write `--output`. */
export async function describeRun(run: { input: string; labels: string[] | undefined; classifyOptions: ClassifyOptions; quantized: boolean | undefined; hypothesisTemplate: string | undefined; model: ModelIdentity }): Promise<OutputProvenance> {
  return {
    format: PROVENANCE_FORMAT,
    version: PROVENANCE_VERSION,
    input: run.input === '-' ? '<stdin>' : resolve(run.input),
    labels: run.labels ?? null,
    model: { directory: run.model.modelDirectory === undefined ? null : resolve(run.model.modelDirectory), files: await modelFiles(run.model) },
    options: effectiveOptions(run.classifyOptions, { quantized: run.model.quantized ?? run.quantized ?? false, hypothesisTemplate: run.hypothesisTemplate }, run.model.config),
  };
}

/** Reads `<output>.gliznet.json`; undefined when it does not exist. */
export async function readProvenance(output: string): Promise<OutputProvenance | undefined> {
  const path = provenancePath(output);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new InvalidArgumentError('--output', `cannot read ${path}: ${(error as Error).message}`, { cause: error });
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new InvalidArgumentError('--output', `${path} is not valid JSON (${(error as Error).message}); use --overwrite to start ${output} again`, { cause: error });
  }
  const record = value as Partial<OutputProvenance> | null;
  if (record === null || typeof record !== 'object' || record.format !== PROVENANCE_FORMAT || typeof record.version !== 'number') {
    throw new InvalidArgumentError('--output', `${path} does not describe a gliznet classify output; use --overwrite to start ${output} again`);
  }
  return record as OutputProvenance;
}

/** Writes `<output>.gliznet.json` atomically. */
export async function writeProvenance(output: string, provenance: OutputProvenance): Promise<void> {
  await writeJsonAtomic(provenancePath(output), provenance);
}

const show = (value: unknown): string => (value === undefined ? 'unset' : JSON.stringify(value));

/** Human-readable differences between what an output was made with and this run (empty: it may resume). */
export function provenanceDifferences(found: OutputProvenance, expected: OutputProvenance): string[] {
  const differences: string[] = [];
  if (found.version !== expected.version) differences.push(`sidecar version ${found.version} (this gliznet writes ${expected.version})`);
  if (JSON.stringify(found.labels) !== JSON.stringify(expected.labels)) differences.push(`labels ${show(found.labels)} then, ${show(expected.labels)} now`);
  const files = new Set([...Object.keys(found.model?.files ?? {}), ...Object.keys(expected.model.files)]);
  for (const file of [...files].sort()) {
    const before = found.model?.files?.[file];
    const now = expected.model.files[file];
    if (before !== now) differences.push(`model file ${file} ${before === undefined ? 'not used' : `sha256 ${before.slice(0, 12)}`} then, ${now === undefined ? 'not used' : `sha256 ${now.slice(0, 12)}`} now${found.model?.directory ? ` (model was ${found.model.directory})` : ''}`);
  }
  const keys = new Set([...Object.keys(found.options ?? {}), ...Object.keys(expected.options)]);
  for (const key of [...keys].sort()) {
    const before = found.options?.[key];
    const now = expected.options[key];
    if (JSON.stringify(before) !== JSON.stringify(now)) differences.push(`option ${key} ${show(before)} then, ${show(now)} now`);
  }
  return differences;
}
