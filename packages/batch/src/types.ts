/** The records a batch keeps in Redis (see keys.ts), shared by submit, worker, status and collect. */
import type { ClassifyOptions, InputFormat } from '@gliznet/sdk';

/** Everything a worker needs to classify any chunk of the batch the way `gliznet classify --input` would. */
export interface BatchMeta {
  /** Format of this record; bumped when it changes incompatibly. */
  version: 1;
  id: string;
  /** ISO time of the submit. */
  createdAt: string;
  /** The input file as given to submit (named in row errors: `texts.jsonl:17: ...`). */
  input: string;
  inputFormat: InputFormat | undefined;
  textField: string;
  /** `--labels` / `--labels-file`; rows with `candidate_labels` use their own. */
  labels: string[] | undefined;
  classifyOptions: ClassifyOptions;
  /** `--hypothesis-template`, applied by every worker when it loads its model. */
  hypothesisTemplate: string | undefined;
  rows: number;
  chunkSize: number;
  chunkCount: number;
  /** Attempts per chunk before it is marked failed (BullMQ `attempts`). */
  attempts: number;
  /** First retry delay in ms; doubled on each further retry (BullMQ exponential backoff). */
  backoffMs: number;
  /** `submitting` until every chunk is on the queue. */
  state: 'submitting' | 'submitted';
}

/** Where a chunk's rows sit in the input. */
export interface ChunkPlan {
  index: number;
  /** 0-based position of the chunk's first row among the input's rows (its output `index`). */
  firstRow: number;
  rows: number;
  /** 1-based input line numbers of the chunk's first and last rows. */
  firstLine: number;
  lastLine: number;
}

/** One row as the chunk job carries it (the input record, without what the batch shares). */
export interface ChunkRow {
  text: string;
  /** 1-based input line. */
  line: number;
  labels?: string[];
  id?: string | number;
}

/** The BullMQ job data of a chunk. */
export interface ChunkJobData {
  batchId: string;
  index: number;
  firstRow: number;
  rows: ChunkRow[];
}

/** A finished chunk. */
export interface ChunkDone {
  rows: number;
  /** Worker name (`--name`, default host:pid). */
  worker: string;
  /** Which model classified it: `<model directory name>@<sha256 prefix of the ONNX file>`. */
  model: string;
  /** Epoch ms. */
  startedAt: number;
  finishedAt: number;
  /** 1-based attempt that succeeded. */
  attempt: number;
}

/** A bad input row, by line. */
export interface BadRow {
  line: number;
  message: string;
}

/** The last error of a chunk that will not be retried. */
export interface ChunkFailure {
  code: string;
  message: string;
  /** Rows that cannot be classified (empty when the failure is not a row's fault). */
  badRows: BadRow[];
  attempts: number;
  worker: string;
  failedAt: number;
}
