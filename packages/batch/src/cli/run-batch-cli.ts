/**
 * The `gliznet batch` command line (also the `gliznet-batch` bin). Results on stdout, logs and
 * progress on stderr. Exit codes: 0 success, 1 failure, 2 bad usage or input.
 */
import { GliznetError, InvalidArgumentError } from '@gliznet/common';
import { BATCH_HELP, COLLECT_HELP, DELETE_HELP, RETRY_HELP, STATUS_HELP, SUBMIT_HELP, WORKER_HELP } from './help.js';
import type { BatchCliIo } from './io.js';
import { runCollectCommand, runDeleteCommand, runRetryCommand, runStatusCommand } from './query-commands.js';
import { runSubmitCommand } from './submit-command.js';
import { loadSdkClassifier, runWorkerCommand, type LoadWorkerClassifier } from './worker-command.js';

export type { BatchCliIo } from './io.js';

export interface BatchCliDependencies {
  /** How workers load a model (default ZeroShotClassifier.fromPretrained). */
  loadClassifier?: LoadWorkerClassifier;
  /** Aborting it stops a running worker (and a status --watch). */
  signal?: AbortSignal;
}

const HELPS: Record<string, string> = { submit: SUBMIT_HELP, worker: WORKER_HELP, status: STATUS_HELP, collect: COLLECT_HELP, retry: RETRY_HELP, delete: DELETE_HELP };

/** Runs `gliznet batch` with `argv` (the words after `batch`). Returns the exit code; never throws. */
export async function runBatchCli(argv: readonly string[], io: BatchCliIo, dependencies: BatchCliDependencies = {}): Promise<number> {
  const [command, ...rest] = argv;
  try {
    if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
      const topic = command === 'help' ? rest[0] : undefined;
      if (topic !== undefined && HELPS[topic] === undefined) throw new InvalidArgumentError('command', `no help for ${JSON.stringify(topic)}; commands: ${Object.keys(HELPS).join(', ')}`);
      io.stdout.write(topic === undefined ? BATCH_HELP : (HELPS[topic] as string));
      return command === undefined ? 2 : 0;
    }
    const help = HELPS[command];
    if (help === undefined) throw new InvalidArgumentError('command', `unknown batch command ${JSON.stringify(command)}; commands: ${Object.keys(HELPS).join(', ')} (gliznet batch --help)`);
    if (command === 'submit') return await runSubmitCommand(rest, io, help);
    if (command === 'worker') return await runWorkerCommand(rest, io, help, { loadClassifier: dependencies.loadClassifier ?? loadSdkClassifier, ...(dependencies.signal === undefined ? {} : { signal: dependencies.signal }) });
    if (command === 'status') return await runStatusCommand(rest, io, help, dependencies.signal);
    if (command === 'collect') return await runCollectCommand(rest, io, help);
    if (command === 'retry') return await runRetryCommand(rest, io, help);
    return await runDeleteCommand(rest, io, help);
  } catch (error) {
    if (GliznetError.isInstance(error)) {
      io.stderr.write(`gliznet batch: ${error.code}: ${error.message}\n`);
      return InvalidArgumentError.isInstance(error) ? 2 : 1;
    }
    io.stderr.write(`gliznet batch: unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    return 1;
  }
}
