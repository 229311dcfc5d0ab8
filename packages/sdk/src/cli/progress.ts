/**
 * Progress on stderr for batch classification: a redrawn bar on a terminal, plain lines every
 * `intervalMs` otherwise (logs, CI). Results never go here; they go to stdout or --output.
 */

/** Where progress is written (process.stderr in the CLI). */
export interface ProgressStream {
  write(text: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

export interface ProgressOptions {
  /** Number of texts expected, when known (files); unknown for stdin. */
  total?: number;
  /** Texts already done by a previous run (resumed output). Default 0. */
  initial?: number;
  /** Minimum milliseconds between two plain (non-TTY) lines. Default 10_000. */
  intervalMs?: number;
  /** Minimum milliseconds between two redraws of the bar. Default 100. */
  redrawMs?: number;
  /** Clock, for tests. Default performance.now. */
  now?: () => number;
}

function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return '?';
  const rounded = Math.round(seconds);
  const hours = Math.floor(rounded / 3600);
  const minutes = Math.floor((rounded % 3600) / 60);
  const rest = rounded % 60;
  return hours > 0 ? `${hours}h${String(minutes).padStart(2, '0')}m` : minutes > 0 ? `${minutes}m${String(rest).padStart(2, '0')}s` : `${rest}s`;
}

/** Renders the status text (without bar) for `done` texts after `elapsedSeconds`. */
export function describeProgress(done: number, options: { total?: number; initial: number; elapsedSeconds: number }): string {
  const thisRun = done - options.initial;
  const rate = options.elapsedSeconds > 0 ? thisRun / options.elapsedSeconds : 0;
  const parts = [options.total === undefined ? `${done} texts` : `${done}/${options.total} texts`, `${rate.toFixed(1)} texts/s`];
  if (options.total !== undefined && rate > 0) parts.push(`ETA ${formatDuration((options.total - done) / rate)}`);
  return parts.join(', ');
}

export class ProgressReporter {
  private readonly now: () => number;
  private readonly started: number;
  private lastDraw = -Infinity;
  private done: number;

  constructor(
    private readonly stream: ProgressStream,
    private readonly options: ProgressOptions = {},
  ) {
    this.now = options.now ?? (() => performance.now());
    this.started = this.now();
    this.done = options.initial ?? 0;
  }

  private render(): string {
    const status = describeProgress(this.done, { total: this.options.total, initial: this.options.initial ?? 0, elapsedSeconds: (this.now() - this.started) / 1000 });
    if (this.options.total === undefined || this.options.total === 0) return status;
    const fraction = Math.min(1, this.done / this.options.total);
    const width = Math.max(10, Math.min(40, (this.stream.columns ?? 80) - status.length - 10));
    const filled = Math.round(fraction * width);
    return `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${(fraction * 100).toFixed(0).padStart(3)}% ${status}`;
  }

  /** Records that `done` texts (in total, including resumed ones) are classified. */
  update(done: number): void {
    this.done = done;
    const time = this.now();
    if (this.stream.isTTY === true) {
      if (time - this.lastDraw < (this.options.redrawMs ?? 100)) return;
      this.stream.write(`\r${this.render()}\u001b[K`);
    } else {
      if (time - this.lastDraw < (this.options.intervalMs ?? 10_000)) return;
      this.stream.write(`progress: ${this.render()}\n`);
    }
    this.lastDraw = time;
  }

  /** Draws the final state (and ends the bar's line on a terminal). */
  finish(): void {
    if (this.stream.isTTY === true) this.stream.write(`\r${this.render()}\u001b[K\n`);
    else this.stream.write(`done: ${this.render()}\n`);
  }
}
