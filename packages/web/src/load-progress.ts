/**
 * Loading progress as a typed event stream (never prints): per file `initiate` -> `progress`* ->
 * `done`, then one `ready` when the classifier can classify. Bytes are those of the response body
 * as received; `total` is the Content-Length when the server sends one (undefined otherwise).
 */

/** One of the files of a model: `config.json`, `tokenizer.json` or the ONNX graph. */
export type ModelFileRole = 'config' | 'tokenizer' | 'model';

export type LoadProgressEvent =
  | { status: 'initiate'; file: string; role: ModelFileRole }
  | { status: 'progress'; file: string; role: ModelFileRole; loaded: number; total: number | undefined }
  | { status: 'done'; file: string; role: ModelFileRole; loaded: number }
  /** Everything downloaded and the onnxruntime session created. */
  | { status: 'ready'; files: string[]; loadedBytes: number };

export type LoadProgressCallback = (event: LoadProgressEvent) => void;
