/**
 * Where a browser model comes from: the URL of a model directory (as the SDK's directory:
 * config.json, tokenizer.json, onnx/model.onnx or onnx/model_quantized.onnx), or the files
 * themselves (an `<input type="file" multiple>` selection, or named Blobs). Downloads report
 * progress events; every missing or unreadable file is listed in one ModelLoadError.
 */
import { AbortedError, InvalidArgumentError, ModelLoadError } from '@gliznet/common';
import type { LoadProgressCallback, ModelFileRole } from './load-progress.js';

/** The three files of a model, given directly. */
export interface ModelFileSet {
  config: Blob | string;
  tokenizer: Blob | string;
  model: Blob | ArrayBuffer | Uint8Array;
}

/** A model directory's URL (absolute, or relative to the page), or its files. */
export type ModelSource = string | URL | ModelFileSet | ArrayLike<File>;

/** The model's files, read. */
export interface LoadedModelFiles {
  /** Where the model came from (a URL or "files"), for messages. */
  origin: string;
  configName: string;
  configText: string;
  tokenizerName: string;
  tokenizerText: string;
  modelName: string;
  modelBytes: Uint8Array;
}

export interface ReadModelOptions {
  quantized: boolean;
  onProgress: LoadProgressCallback | undefined;
  signal: AbortSignal | undefined;
  fetch: typeof fetch;
}

function onnxFileName(quantized: boolean): string {
  return quantized ? 'model_quantized.onnx' : 'model.onnx';
}

function isFileSet(source: object): source is ModelFileSet {
  return 'config' in source && 'tokenizer' in source && 'model' in source;
}

function checkAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted === true) throw new AbortedError('loading the model was aborted', { reason: signal.reason, cause: signal.reason });
}

/** The directory URL with a trailing slash, resolved against the page when relative. */
export function modelDirectoryUrl(source: string | URL): URL {
  const text = source instanceof URL ? source.href : source;
  if (typeof text !== 'string' || text.trim() === '') throw new InvalidArgumentError('source', `the model source must be a URL, a non-empty string or the model's files, got ${JSON.stringify(source)}`);
  const base = (globalThis as { location?: { href?: string } }).location?.href;
  try {
    return new URL(text.endsWith('/') ? text : `${text}/`, base);
  } catch (error) {
    throw new InvalidArgumentError('source', `${JSON.stringify(text)} is not a URL${base === undefined ? ' (relative URLs need a page to resolve against; pass an absolute URL)' : ''}`, { cause: error });
  }
}

/** Downloads one file, reporting progress; returns its bytes. */
async function download(url: URL, role: ModelFileRole, options: ReadModelOptions): Promise<Uint8Array> {
  const file = url.href;
  options.onProgress?.({ status: 'initiate', file, role });
  let response: Response;
  try {
    const fetchFile = options.fetch; // called unbound: a browser's fetch refuses any other `this`
    response = await fetchFile(url, options.signal === undefined ? {} : { signal: options.signal });
  } catch (error) {
    checkAborted(options.signal);
    throw new ModelLoadError(file, `cannot fetch ${file}: ${(error as Error).message}`, { cause: error, problems: [`cannot fetch ${file}: ${(error as Error).message}`] });
  }
  if (!response.ok) {
    const problem = `${file}: HTTP ${response.status}${response.statusText === '' ? '' : ` ${response.statusText}`}`;
    throw new ModelLoadError(file, `cannot fetch ${problem}`, { problems: [problem] });
  }
  const header = response.headers.get('content-length');
  const total = header === null || !/^\d+$/.test(header) ? undefined : Number(header);
  const chunks: Uint8Array[] = [];
  let loaded = 0;
  if (response.body === null) {
    const bytes = new Uint8Array(await response.arrayBuffer());
    chunks.push(bytes);
    loaded = bytes.length;
  } else {
    const reader = response.body.getReader();
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        chunks.push(value);
        loaded += value.length;
        options.onProgress?.({ status: 'progress', file, role, loaded, total });
      }
    } catch (error) {
      checkAborted(options.signal);
      throw new ModelLoadError(file, `download of ${file} failed after ${loaded} bytes: ${(error as Error).message}`, { cause: error, problems: [`download of ${file} failed: ${(error as Error).message}`] });
    }
  }
  options.onProgress?.({ status: 'done', file, role, loaded });
  if (chunks.length === 1) return chunks[0] as Uint8Array;
  const bytes = new Uint8Array(loaded);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.length;
  }
  return bytes;
}

/** Reads a given file (Blob, string or bytes), reporting it as one step. */
async function readGiven(name: string, role: ModelFileRole, value: Blob | string | ArrayBuffer | Uint8Array, options: ReadModelOptions): Promise<Uint8Array> {
  options.onProgress?.({ status: 'initiate', file: name, role });
  let bytes: Uint8Array;
  if (typeof value === 'string') bytes = new TextEncoder().encode(value);
  else if (value instanceof Uint8Array) bytes = value;
  else if (value instanceof ArrayBuffer) bytes = new Uint8Array(value);
  else if (typeof (value as Blob).arrayBuffer === 'function') bytes = new Uint8Array(await (value as Blob).arrayBuffer());
  else throw new InvalidArgumentError(`source.${role}`, `source.${role} must be a Blob/File, a string or bytes, got ${typeof value}`);
  options.onProgress?.({ status: 'progress', file: name, role, loaded: bytes.length, total: bytes.length });
  options.onProgress?.({ status: 'done', file: name, role, loaded: bytes.length });
  return bytes;
}

/** Settles every read, then throws one ModelLoadError listing every failure (an abort wins). */
async function settleAll(origin: string, reads: Promise<Uint8Array>[]): Promise<Uint8Array[]> {
  const settled = await Promise.allSettled(reads);
  const failures = settled.filter((entry): entry is PromiseRejectedResult => entry.status === 'rejected').map((entry) => entry.reason as unknown);
  const aborted = failures.find((error) => AbortedError.isInstance(error));
  if (aborted !== undefined) throw aborted;
  if (failures.length === 1) throw failures[0];
  if (failures.length > 1) {
    const problems = failures.flatMap((error) => (ModelLoadError.isInstance(error) ? error.problems : [String(error)]));
    throw new ModelLoadError(origin, `cannot load the model at ${origin}:\n  - ${problems.join('\n  - ')}`, { cause: failures[0], problems });
  }
  return settled.map((entry) => (entry as PromiseFulfilledResult<Uint8Array>).value);
}

function decode(bytes: Uint8Array): string {
  return new TextDecoder('utf-8').decode(bytes);
}

/** Reads config.json, tokenizer.json and the ONNX graph from `source`. */
export async function readModelFiles(source: ModelSource, options: ReadModelOptions): Promise<LoadedModelFiles> {
  checkAborted(options.signal);
  if (typeof source === 'string' || source instanceof URL) {
    const directory = modelDirectoryUrl(source);
    const urls = { config: new URL('config.json', directory), tokenizer: new URL('tokenizer.json', directory), model: new URL(`onnx/${onnxFileName(options.quantized)}`, directory) };
    const [config, tokenizer, model] = await settleAll(directory.href, [download(urls.config, 'config', options), download(urls.tokenizer, 'tokenizer', options), download(urls.model, 'model', options)]);
    return {
      origin: directory.href,
      configName: urls.config.href,
      configText: decode(config as Uint8Array),
      tokenizerName: urls.tokenizer.href,
      tokenizerText: decode(tokenizer as Uint8Array),
      modelName: urls.model.href,
      modelBytes: model as Uint8Array,
    };
  }
  if (typeof source !== 'object' || source === null) {
    throw new InvalidArgumentError('source', `the model source must be a URL or the model's files, got ${source === null ? 'null' : typeof source}`);
  }
  let given: { config: Blob | string; tokenizer: Blob | string; model: Blob | ArrayBuffer | Uint8Array; modelName: string };
  if (isFileSet(source)) {
    given = { ...source, modelName: (source.model as Partial<File>).name ?? onnxFileName(options.quantized) };
  } else {
    const files = Array.from(source as ArrayLike<File>);
    const byName = new Map(files.map((file) => [file.name, file]));
    const onnxFiles = files.filter((file) => file.name.endsWith('.onnx'));
    const model = byName.get(onnxFileName(options.quantized)) ?? (onnxFiles.length === 1 ? onnxFiles[0] : undefined);
    const problems: string[] = [];
    if (!byName.has('config.json')) problems.push('config.json is missing');
    if (!byName.has('tokenizer.json')) problems.push('tokenizer.json is missing');
    if (model === undefined) problems.push(`${onnxFileName(options.quantized)} is missing${onnxFiles.length > 1 ? ` (found ${onnxFiles.map((file) => file.name).join(', ')}; pass quantized to choose)` : ''}`);
    if (problems.length > 0) {
      throw new ModelLoadError('files', `the selected files are not a model (given: ${files.map((file) => file.name).join(', ') || 'none'}): ${problems.join('; ')}. Select config.json, tokenizer.json and onnx/${onnxFileName(options.quantized)}`, { problems });
    }
    given = { config: byName.get('config.json') as File, tokenizer: byName.get('tokenizer.json') as File, model: model as File, modelName: (model as File).name };
  }
  const [config, tokenizer, model] = await settleAll('files', [
    readGiven('config.json', 'config', given.config, options),
    readGiven('tokenizer.json', 'tokenizer', given.tokenizer, options),
    readGiven(given.modelName, 'model', given.model, options),
  ]);
  return {
    origin: 'files',
    configName: 'config.json',
    configText: decode(config as Uint8Array),
    tokenizerName: 'tokenizer.json',
    tokenizerText: decode(tokenizer as Uint8Array),
    modelName: given.modelName,
    modelBytes: model as Uint8Array,
  };
}
