/**
 * GliznetTokenizer (Node): GliZNet's joint text-label encoding (JointTokenizer) on a Hugging Face
 * `tokenizer.json` read from disk with the native `tokenizers` package, settings from the model's
 * config.json. See docs/input-format.md for the layout and its rules.
 */
import { access } from 'node:fs/promises';
import { join } from 'node:path';
import { DEFAULT_GLIZNET_SETTINGS, ModelLoadError, readModelConfig } from '@gliznet/common';
import { bundledTokenizerPath, type BundledTokenizerName } from './bundled-tokenizers.js';
import { JointTokenizer, type PreparedTokenizer } from './joint-tokenizer.js';
import { nativeTokenBackend, readNativeTokenizer } from './native-tokenizer.js';
import { resolveSettings, type GliznetTokenizerOptions, type ResolvedSettings } from './tokenizer-settings.js';

async function fileExists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}

/** Joint text-label tokenizer of GliZNet on the native binding. Create it with one of the static factories. */
export class GliznetTokenizer extends JointTokenizer {
  private constructor(prepared: PreparedTokenizer) {
    super(prepared);
  }

  /**
   * Loads `<directory>/tokenizer.json`, with settings from `<directory>/config.json`'s `gliznet`
   * block when that file exists (defaults otherwise). Throws ModelLoadError naming the bad file.
   */
  static async fromDirectory(directory: string, options: GliznetTokenizerOptions = {}): Promise<GliznetTokenizer> {
    const tokenizerPath = join(directory, 'tokenizer.json');
    if (!(await fileExists(tokenizerPath))) {
      throw new ModelLoadError(tokenizerPath, `${tokenizerPath} not found; a model directory needs a Hugging Face tokenizer.json`);
    }
    const settings = (await fileExists(join(directory, 'config.json'))) ? (await readModelConfig(directory)).gliznet : DEFAULT_GLIZNET_SETTINGS;
    return GliznetTokenizer.load(tokenizerPath, resolveSettings(settings, options));
  }

  /** Loads any Hugging Face tokenizer.json file (unchanged); settings come from `options` or the defaults. */
  static async fromFile(tokenizerJsonPath: string, options: GliznetTokenizerOptions = {}): Promise<GliznetTokenizer> {
    return GliznetTokenizer.load(tokenizerJsonPath, resolveSettings(DEFAULT_GLIZNET_SETTINGS, options));
  }

  /** Loads a tokenizer bundled with this package: `use-lite` or `bert-base-uncased`. */
  static async bundled(name: BundledTokenizerName, options: GliznetTokenizerOptions = {}): Promise<GliznetTokenizer> {
    return GliznetTokenizer.fromFile(bundledTokenizerPath(name), options);
  }

  private static async load(path: string, settings: ResolvedSettings): Promise<GliznetTokenizer> {
    const backend = nativeTokenBackend(await readNativeTokenizer(path));
    return new GliznetTokenizer(await JointTokenizer.prepare(backend, path, settings));
  }
}
