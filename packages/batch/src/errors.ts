/** Errors of @gliznet/batch: subclasses of @gliznet/common's, recognisable with `X.isInstance(error)`. */
import { DataFormatError, GliznetError, type GliznetErrorOptions } from '@gliznet/common';
import type { BadRow } from './types.js';

function hasCode(error: unknown, code: string): boolean {
  return GliznetError.isInstance(error) && error.code === code;
}

/** Rows of a chunk that the classifier refuses (empty text, a label holding the separator, ...): every one, by line. */
export class BadRowsError extends DataFormatError {
  override readonly name: string = 'BadRowsError';
  override readonly code: string = 'BadRowsError';
  readonly badRows: readonly BadRow[];

  constructor(file: string, badRows: readonly BadRow[], options: GliznetErrorOptions = {}) {
    const shown = badRows.slice(0, 10).map((row) => row.message);
    const more = badRows.length > shown.length ? `\n  ... and ${badRows.length - shown.length} more bad rows` : '';
    super(file, `${badRows.length} bad row${badRows.length === 1 ? '' : 's'}; fix ${badRows.length === 1 ? 'it' : 'them'} in the input and submit again:\n  ${shown.join('\n  ')}${more}`, { ...options, line: badRows[0]?.line ?? 0 });
    this.badRows = badRows;
  }

  static override isInstance(error: unknown): error is BadRowsError {
    return hasCode(error, 'BadRowsError');
  }
}

/** `collect` of a batch whose chunks are not all done. */
export class BatchIncompleteError extends GliznetError {
  override readonly name: string = 'BatchIncompleteError';
  override readonly code: string = 'BatchIncompleteError';
  readonly batchId: string;
  /** Indices of the chunks without results. */
  readonly missingChunks: readonly number[];

  constructor(batchId: string, missingChunks: readonly number[], message: string, options: GliznetErrorOptions = {}) {
    super(message, options);
    this.batchId = batchId;
    this.missingChunks = missingChunks;
  }

  static override isInstance(error: unknown): error is BatchIncompleteError {
    return hasCode(error, 'BatchIncompleteError');
  }
}
