/**
 * Ctrl-C handling for long commands: the first interrupt asks the work to stop cleanly (save, then
 * exit); a later one forces an exit. One Ctrl-C often arrives more than once: the terminal signals
 * the whole process group and `pnpm` forwards its own copy to the script, so signals within
 * `repeatWindowMs` of the first count as the same interrupt (otherwise the copy would force an exit
 * before the checkpoint is written).
 */
export interface InterruptHandlerOptions {
  /** Called once, on the first interrupt (abort the work, say what happens next). */
  onInterrupt: () => void;
  /** Called on an interrupt later than the window (exit without finishing). */
  onForce: () => void;
  /** Signals this soon after the first are the same interrupt. Default 2,000 ms. */
  repeatWindowMs?: number;
  /** Clock, for tests. Default `Date.now`. */
  now?: () => number;
}

/** Returns the signal listener to install for SIGINT and SIGTERM. */
export function createInterruptHandler(options: InterruptHandlerOptions): () => void {
  const window = options.repeatWindowMs ?? 2000;
  const now = options.now ?? Date.now;
  let firstAt: number | undefined;
  return () => {
    const time = now();
    if (firstAt === undefined) {
      firstAt = time;
      options.onInterrupt();
    } else if (time - firstAt >= window) {
      options.onForce();
    }
  };
}

/** Installs `listener` for SIGINT and SIGTERM; returns the function that removes it. */
export function onInterruptSignals(listener: () => void): () => void {
  process.on('SIGINT', listener);
  process.on('SIGTERM', listener);
  return () => {
    process.off('SIGINT', listener);
    process.off('SIGTERM', listener);
  };
}
