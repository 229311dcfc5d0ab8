/**
 * Training checkpoints: `<out>/checkpoints/step-<n>/` holds a full model directory (config.json,
 * tokenizer.json, model.safetensors), `optimizer.safetensors` and `trainer-state.json`. A checkpoint
 * is written into a temporary directory and renamed into place, then `checkpoints/latest.json` is
 * replaced atomically, so an interrupted write never leaves a half checkpoint that `--resume` picks.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, readdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { ModelLoadError, readSafetensors, writeJsonAtomic, writeSafetensors, type NamedTensor } from '@gliznet/common';

/** Where the run is in its data and schedule. Everything else is derived from the seed. */
export interface TrainerState {
  /** Optimizer steps done. */
  step: number;
  /** Current epoch (0-based). */
  epoch: number;
  /** Batches of `epoch` already done. */
  batchInEpoch: number;
  /** Best validation macro-F1 so far and the step it was reached at. */
  best: { metric: number; step: number } | null;
  /** Resolved training options, to refuse resuming with different ones. */
  options: Record<string, unknown>;
}

export interface SavedCheckpoint {
  directory: string;
  state: TrainerState;
  optimizer: Map<string, NamedTensor>;
}

export interface CheckpointStoreOptions {
  /** Checkpoints kept on disk (older ones are deleted). Default 2. */
  keep?: number;
}

export class CheckpointStore {
  readonly root: string;
  private readonly keep: number;

  constructor(outputDirectory: string, options: CheckpointStoreOptions = {}) {
    this.root = join(outputDirectory, 'checkpoints');
    this.keep = options.keep ?? 2;
  }

  /**
   * Writes a checkpoint. `saveModel(directory)` writes the model directory (atomically or not: the
   * whole checkpoint directory only becomes visible once complete).
   */
  async save(state: TrainerState, optimizerState: Map<string, { shape: number[]; data: Float32Array }>, saveModel: (directory: string) => Promise<void>): Promise<string> {
    await mkdir(this.root, { recursive: true });
    const name = `step-${String(state.step).padStart(8, '0')}`;
    const finalDirectory = join(this.root, name);
    const temporaryDirectory = join(this.root, `.${name}.${randomBytes(4).toString('hex')}.tmp`);
    await mkdir(temporaryDirectory, { recursive: true });
    try {
      await saveModel(temporaryDirectory);
      await writeSafetensors(join(temporaryDirectory, 'optimizer.safetensors'), optimizerState);
      await writeJsonAtomic(join(temporaryDirectory, 'trainer-state.json'), state);
      await rm(finalDirectory, { recursive: true, force: true });
      await rename(temporaryDirectory, finalDirectory);
    } catch (error) {
      await rm(temporaryDirectory, { recursive: true, force: true });
      throw error;
    }
    await writeJsonAtomic(join(this.root, 'latest.json'), { checkpoint: name, step: state.step });
    await this.prune(name);
    return finalDirectory;
  }

  /** The latest complete checkpoint, or null when the run has none yet. */
  async latest(): Promise<SavedCheckpoint | null> {
    let pointer: { checkpoint?: string };
    try {
      pointer = JSON.parse(await readFile(join(this.root, 'latest.json'), 'utf8')) as typeof pointer;
    } catch {
      return null;
    }
    if (typeof pointer.checkpoint !== 'string') throw new ModelLoadError(join(this.root, 'latest.json'), `${join(this.root, 'latest.json')} does not name a checkpoint; delete it to start over`);
    const directory = join(this.root, pointer.checkpoint);
    const statePath = join(directory, 'trainer-state.json');
    let state: TrainerState;
    try {
      state = JSON.parse(await readFile(statePath, 'utf8')) as TrainerState;
    } catch (error) {
      throw new ModelLoadError(statePath, `cannot read checkpoint state ${statePath}: ${(error as Error).message}`, { cause: error });
    }
    const optimizer = await readSafetensors(join(directory, 'optimizer.safetensors'));
    return { directory, state, optimizer };
  }

  private async prune(current: string): Promise<void> {
    const entries = (await readdir(this.root)).filter((entry) => /^step-\d+$/.test(entry)).sort();
    const stale = entries.filter((entry) => entry !== current).slice(0, Math.max(0, entries.length - this.keep));
    for (const entry of stale) await rm(join(this.root, entry), { recursive: true, force: true });
  }
}
