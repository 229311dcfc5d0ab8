/** Where the CLI entry functions write: defaults to the process' streams. */
export interface CommandOutput {
  /** Results (tables, JSON). */
  stdout: NodeJS.WritableStream;
  /** Progress and messages. */
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
}

/** Renders progress: a redrawn bar on a terminal, plain lines (at most one per interval) otherwise. */
export interface ProgressRenderer {
  /** Shows `done` of `total` for a stage. */
  update(stage: string, done: number, total: number, detail?: string): void;
  /** Prints a message on its own line. */
  message(text: string): void;
  /** Ends the current bar line. */
  finish(): void;
}

/** Options of {@link createProgressRenderer}. */
export interface ProgressRendererOptions {
  /** Redraw in place (default: the stream's `isTTY`). */
  interactive?: boolean;
  /** Minimum time between plain lines in ms (default 5000; stage changes and completions always print). */
  intervalMs?: number;
  /** Bar width in characters (default 28). */
  width?: number;
}

/** Creates a progress renderer writing to `stream`. */
export function createProgressRenderer(stream: CommandOutput['stderr'], options: ProgressRendererOptions = {}): ProgressRenderer {
  const interactive = options.interactive ?? stream.isTTY === true;
  const intervalMs = options.intervalMs ?? 5000;
  const width = options.width ?? 28;
  let lastStage = '';
  let lastPrinted = 0;
  let barOpen = false;
  const started = Date.now();

  const line = (stage: string, done: number, total: number, detail?: string): string => {
    const fraction = total > 0 ? Math.min(1, done / total) : 0;
    const elapsed = ((Date.now() - started) / 1000).toFixed(0);
    const suffix = detail === undefined ? '' : ` ${detail}`;
    if (!interactive) return `${stage}: ${done}/${total} (${(fraction * 100).toFixed(0)}%) ${elapsed}s${suffix}`;
    const filled = Math.round(fraction * width);
    return `${stage} [${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${done}/${total} ${elapsed}s${suffix}`;
  };

  return {
    update(stage, done, total, detail) {
      if (interactive) {
        stream.write(`\r\x1b[2K${line(stage, done, total, detail)}`);
        barOpen = true;
        if (done >= total) {
          stream.write('\n');
          barOpen = false;
        }
        return;
      }
      const now = Date.now();
      if (stage !== lastStage || done >= total || now - lastPrinted >= intervalMs) {
        stream.write(`${line(stage, done, total, detail)}\n`);
        lastPrinted = now;
        lastStage = stage;
      }
    },
    message(text) {
      if (barOpen) {
        stream.write('\n');
        barOpen = false;
      }
      stream.write(`${text}\n`);
    },
    finish() {
      if (barOpen) stream.write('\n');
      barOpen = false;
    },
  };
}
