/**
 * Terminal progress for long jobs, shared by the CLIs (trainer, data tools, sdk CLI, bench).
 * Libraries emit progress events; only command-line entry points create a reporter.
 *
 * On a TTY it redraws one bar line (`label [#####.....] 50% 500/1000 12.3/s ETA 41s extra`);
 * elsewhere (CI, pipes, files) it prints a plain line at most every `intervalMs`, plus a final line.
 */

/** Where progress goes: anything with `write` (process.stderr, a test sink). */
export interface ProgressStream {
  write(text: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

export interface ProgressReporterOptions {
  /** Text before the bar, e.g. `train` or `classify`. */
  label: string;
  /** Total units of work; omit when unknown (no percentage or ETA then). */
  total?: number;
  /** Where to write. Default `process.stderr` (results go to stdout). */
  stream?: ProgressStream;
  /** Force bar (true) or plain lines (false). Default: the stream's `isTTY`. */
  interactive?: boolean;
  /** Plain mode: minimum milliseconds between lines. Default 10_000. */
  intervalMs?: number;
  /** Unit name for rates, e.g. `texts`. Default `items`. */
  unit?: string;
  /** The unit for a count of exactly 1 (`1 text`), e.g. `text`. Default: `unit`. */
  unitSingular?: string;
  /** Units already done before this run (a resumed job): counted in `done`, not in the rate. Default 0. */
  initial?: number;
  /** Interactive mode: minimum milliseconds between redraws. Default 100. */
  redrawMs?: number;
  /** Clock, for tests. Default `performance.now`. */
  now?: () => number;
}

export interface ProgressReporter {
  /** Sets the amount done (absolute, not an increment) and an optional status suffix. */
  update(done: number, status?: string): void;
  /** Prints a message on its own line (above the bar on a terminal). */
  message(text: string): void;
  /** Prints the final state and ends the bar line. */
  finish(status?: string): void;
}

export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return '?';
  const whole = Math.max(0, Math.round(seconds));
  const hours = Math.floor(whole / 3600);
  const minutes = Math.floor((whole % 3600) / 60);
  const rest = whole % 60;
  if (hours > 0) return `${hours}h${String(minutes).padStart(2, '0')}m`;
  if (minutes > 0) return `${minutes}m${String(rest).padStart(2, '0')}s`;
  return `${rest}s`;
}

export function createProgressReporter(options: ProgressReporterOptions): ProgressReporter {
  const stream = options.stream ?? process.stderr;
  const interactive = options.interactive ?? Boolean(stream.isTTY);
  const intervalMs = options.intervalMs ?? 10_000;
  const unit = options.unit ?? 'items';
  const now = options.now ?? (() => performance.now());
  const initial = options.initial ?? 0;
  const redrawMs = options.redrawMs ?? 100;
  const started = now();
  let lastPrinted = -Infinity;
  let lastDone = initial;
  let finished = false;
  let barOpen = false;

  const render = (done: number, status: string | undefined): string => {
    const elapsed = (now() - started) / 1000;
    const rate = elapsed > 0 ? (done - initial) / elapsed : 0;
    const parts = [options.label];
    if (options.total !== undefined && options.total > 0) {
      const fraction = Math.min(1, done / options.total);
      if (interactive) {
        const width = 24;
        const filled = Math.round(fraction * width);
        parts.push(`[${'#'.repeat(filled)}${'.'.repeat(width - filled)}]`);
      }
      parts.push(`${(fraction * 100).toFixed(0)}%`, `${done}/${options.total}`);
      const eta = rate > 0 ? (options.total - done) / rate : Infinity;
      parts.push(`${rate.toFixed(rate < 10 ? 2 : 1)} ${unit}/s`, `elapsed ${formatDuration(elapsed)}`, `ETA ${formatDuration(eta)}`);
    } else {
      parts.push(`${done} ${done === 1 ? (options.unitSingular ?? unit) : unit}`, `${rate.toFixed(rate < 10 ? 2 : 1)} ${unit}/s`, `elapsed ${formatDuration(elapsed)}`);
    }
    if (status) parts.push(status);
    return parts.join(' ');
  };

  return {
    update(done, status) {
      if (finished) return;
      lastDone = done;
      const time = now();
      if (interactive) {
        if (time - lastPrinted < redrawMs) return;
        lastPrinted = time;
        const line = render(done, status);
        const columns = stream.columns ?? 120;
        stream.write(`\r${line.slice(0, columns - 1)}\x1b[K`);
        barOpen = true;
      } else if (time - lastPrinted >= intervalMs) {
        lastPrinted = time;
        stream.write(`${render(done, status)}\n`);
      }
    },
    message(text) {
      stream.write(barOpen ? `\r\x1b[K${text}\n` : `${text}\n`);
      barOpen = false;
      lastPrinted = -Infinity;
    },
    finish(status) {
      if (finished) return;
      finished = true;
      const line = render(lastDone, status ?? 'done');
      stream.write(interactive ? `\r${line}\x1b[K\n` : `${line}\n`);
      barOpen = false;
    },
  };
}
