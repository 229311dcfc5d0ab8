/**
 * The error classes of every gliznet package.
 *
 * Each class carries a `Symbol.for` marker and a static `isInstance()`, so a check still works when
 * two copies of this package end up in one process (bundlers, nested node_modules), where
 * `instanceof` would fail. Each class writes its `name` and `code` as a string literal (a class
 * field), never from the constructor's name, which a minifier may rename: a subclass must declare
 * both again, or it reports its parent's.
 */

const errorMarker = Symbol.for('gliznet.error');

export interface GliznetErrorOptions {
  /** The underlying error, when this one wraps another. */
  cause?: unknown;
}

/** Base class of every error gliznet throws on purpose. */
export class GliznetError extends Error {
  private readonly [errorMarker] = true;
  override readonly name: string = 'GliznetError';
  /** Stable machine-readable name, e.g. `InvalidArgumentError`. */
  readonly code: string = 'GliznetError';

  constructor(message: string, options: GliznetErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
  }

  static isInstance(error: unknown): error is GliznetError {
    return typeof error === 'object' && error !== null && errorMarker in error;
  }
}

function hasCode(error: unknown, code: string): boolean {
  return GliznetError.isInstance(error) && error.code === code;
}

/** A caller passed a value that cannot be used; the message names the value and the fix. */
export class InvalidArgumentError extends GliznetError {
  override readonly name: string = 'InvalidArgumentError';
  override readonly code: string = 'InvalidArgumentError';
  /** Name of the offending argument, e.g. `labels[3]`. */
  readonly argument: string;

  constructor(argument: string, message: string, options: GliznetErrorOptions = {}) {
    super(message, options);
    this.argument = argument;
  }

  static override isInstance(error: unknown): error is InvalidArgumentError {
    return hasCode(error, 'InvalidArgumentError') || hasCode(error, 'InputTooLongError');
  }
}

/** The input does not fit the model's window, even after every allowed truncation. */
export class InputTooLongError extends InvalidArgumentError {
  override readonly name: string = 'InputTooLongError';
  override readonly code: string = 'InputTooLongError';
  /** How many of the labels (in order) fit beside the minimum text, when labels were the problem. */
  readonly labelsThatFit: number | undefined;

  constructor(argument: string, message: string, options: GliznetErrorOptions & { labelsThatFit?: number } = {}) {
    super(argument, message, options);
    this.labelsThatFit = options.labelsThatFit;
  }

  static override isInstance(error: unknown): error is InputTooLongError {
    return hasCode(error, 'InputTooLongError');
  }
}

/** A model directory or one of its files is missing, unreadable, corrupt or incompatible. */
export class ModelLoadError extends GliznetError {
  override readonly name: string = 'ModelLoadError';
  override readonly code: string = 'ModelLoadError';
  /** The file or directory at fault. */
  readonly path: string;
  /** Every problem found, when several were (e.g. missing and unexpected tensors). */
  readonly problems: readonly string[];

  constructor(path: string, message: string, options: GliznetErrorOptions & { problems?: readonly string[] } = {}) {
    super(message, options);
    this.path = path;
    this.problems = options.problems ?? [];
  }

  static override isInstance(error: unknown): error is ModelLoadError {
    return hasCode(error, 'ModelLoadError');
  }
}

/** A configuration (config.json, CLI flags, options objects taken together) is inconsistent. */
export class ConfigurationError extends GliznetError {
  override readonly name: string = 'ConfigurationError';
  override readonly code: string = 'ConfigurationError';
  readonly problems: readonly string[];

  constructor(message: string, options: GliznetErrorOptions & { problems?: readonly string[] } = {}) {
    super(message, options);
    this.problems = options.problems ?? [];
  }

  static override isInstance(error: unknown): error is ConfigurationError {
    return hasCode(error, 'ConfigurationError');
  }
}

/** A requested compute backend (tfjs-node, wasm, onnxruntime) cannot be loaded here. */
export class BackendUnavailableError extends GliznetError {
  override readonly name: string = 'BackendUnavailableError';
  override readonly code: string = 'BackendUnavailableError';
  /** Each backend that was tried, with why it failed. */
  readonly attempts: readonly { backend: string; reason: string }[];

  constructor(message: string, options: GliznetErrorOptions & { attempts?: readonly { backend: string; reason: string }[] } = {}) {
    super(message, options);
    this.attempts = options.attempts ?? [];
  }

  static override isInstance(error: unknown): error is BackendUnavailableError {
    return hasCode(error, 'BackendUnavailableError');
  }
}

/** A data file (JSONL records, datasets) has malformed content. */
export class DataFormatError extends GliznetError {
  override readonly name: string = 'DataFormatError';
  override readonly code: string = 'DataFormatError';
  readonly file: string;
  /** 1-based line number, when the problem is on one line. */
  readonly line: number | undefined;

  constructor(file: string, message: string, options: GliznetErrorOptions & { line?: number } = {}) {
    super(message, options);
    this.file = file;
    this.line = options.line;
  }

  static override isInstance(error: unknown): error is DataFormatError {
    return hasCode(error, 'DataFormatError');
  }
}

/**
 * Classification failed at run time on valid input: onnxruntime failed, the model returned outputs of
 * the wrong shape, or the classifier was disposed. Not the caller's fault (a server answers 5xx),
 * and not a loading problem (ModelLoadError, at start-up).
 */
export class InferenceError extends GliznetError {
  override readonly name: string = 'InferenceError';
  override readonly code: string = 'InferenceError';
  /** The model file involved, when known. */
  readonly path: string | undefined;

  constructor(message: string, options: GliznetErrorOptions & { path?: string } = {}) {
    super(message, options);
    this.path = options.path;
  }

  static override isInstance(error: unknown): error is InferenceError {
    return hasCode(error, 'InferenceError');
  }
}

/** An operation stopped because its AbortSignal fired or its timeout passed; nothing was wrong with it. */
export class AbortedError extends GliznetError {
  override readonly name: string = 'AbortedError';
  override readonly code: string = 'AbortedError';
  /** True when a timeout (`timeoutMs`, or an `AbortSignal.timeout` signal) stopped it. */
  readonly timedOut: boolean;
  /** The signal's `reason`, when it had one. */
  readonly reason: unknown;

  constructor(message: string, options: GliznetErrorOptions & { timedOut?: boolean; reason?: unknown } = {}) {
    super(message, options);
    this.timedOut = options.timedOut ?? false;
    this.reason = options.reason;
  }

  static override isInstance(error: unknown): error is AbortedError {
    return hasCode(error, 'AbortedError');
  }
}
