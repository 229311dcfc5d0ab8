/**
 * Multi-stage progress for the data commands (reading, embedding, mining, writing), drawn with
 * `@gliznet/common`'s progress reporter: one bar (or plain lines) per stage.
 */
import { createProgressReporter, type ProgressReporter, type ProgressStream } from '@gliznet/common';

/** Where the CLI entry functions write: defaults to the process' streams. */
export interface CommandOutput {
  /** Results (tables, JSON). */
  stdout: NodeJS.WritableStream;
  /** Progress and messages. */
  stderr: ProgressStream;
}

/** Renders progress of successive stages. */
export interface ProgressRenderer {
  /** Shows `done` of `total` for a stage (a new stage name ends the previous one). */
  update(stage: string, done: number, total: number, detail?: string): void;
  /** Prints a message on its own line. */
  message(text: string): void;
  /** Ends the current stage. */
  finish(): void;
}

/** Options of {@link createProgressRenderer}. */
export interface ProgressRendererOptions {
  /** Redraw in place (default: the stream's `isTTY`). */
  interactive?: boolean;
  /** Minimum time between plain lines in ms (default 5000; the end of a stage always prints). */
  intervalMs?: number;
}

/** Creates a stage-aware progress renderer writing to `stream`. */
export function createProgressRenderer(stream: ProgressStream, options: ProgressRendererOptions = {}): ProgressRenderer {
  let stage: string | undefined;
  let reporter: ProgressReporter | undefined;
  const end = (): void => {
    reporter?.finish();
    reporter = undefined;
    stage = undefined;
  };
  return {
    update(name, done, total, detail) {
      if (name !== stage) {
        end();
        stage = name;
        reporter = createProgressReporter({ label: name, total, stream, intervalMs: options.intervalMs ?? 5000, ...(options.interactive === undefined ? {} : { interactive: options.interactive }) });
      }
      reporter!.update(done, detail);
      if (done >= total) end();
    },
    message(text) {
      if (reporter) reporter.message(text);
      else stream.write(`${text}\n`);
    },
    finish: end,
  };
}
