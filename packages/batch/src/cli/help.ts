/** Help texts of `gliznet batch` (also installed as `gliznet-batch`). */

export const BATCH_HELP = `Usage: gliznet batch <command> [options]      (or: gliznet-batch <command>)

Classifies large JSONL files on any number of worker machines that share one Redis server,
through a BullMQ queue: submit splits the file into chunks, workers classify them, collect
writes the results in input order, the same lines "gliznet classify --input" would write.

Commands:
  submit     check an input file and enqueue its chunks; prints the batch id
  worker     classify chunks (run one or more on every machine)
  status     a batch's chunks done / failed / waiting, rows/s, ETA (no id: recent batches)
  collect    write a complete batch's results to a file, in input order
  retry      requeue a batch's failed chunks
  delete     remove a batch (its queued chunks, results and records) from Redis

Every command takes --redis redis://HOST:PORT (default $GLIZNET_REDIS_URL).
gliznet batch <command> --help for its options; docs/batch.md for running workers on many machines.
`;

export const SUBMIT_HELP = `Usage: gliznet batch submit --input FILE (--labels LIST | --labels-file FILE) --redis URL [options]

Reads FILE twice: first every row is checked (a malformed row fails the submit, naming its line,
before anything is enqueued), then its chunks are put on the queue. Prints the batch id on stdout.

Batch:
  --redis URL            Redis server, e.g. redis://127.0.0.1:6379 (default $GLIZNET_REDIS_URL)
  --chunk-size N         rows per chunk, the unit a worker takes, retries and stores (default 1000)
  --attempts N           tries per chunk before it is marked failed (default 3; bad rows: 1)
  --backoff MS           wait before the first retry, doubled for each next one (default 2000)
  --json                 print {"batchId", "rows", "chunks"} as JSON instead of the bare id

Input and classification: as for gliznet classify --input (gliznet classify --help):
  --input FILE, --input-format jsonl|txt, --text-field NAME, --labels LIST, --labels-file FILE,
  --multi-label, --threshold P, --top-k K, --max-length N, --label-order ORDER, --long-text MODE,
  --chunk-tokens N, --stride-tokens N, --batch-size N, --max-labels-per-pass N,
  --hypothesis-template T
  Rows may carry their own "candidate_labels" (and an "id", passed through).

The model is the workers' choice (gliznet batch worker --model DIR); run them all with the same one.
`;

export const WORKER_HELP = `Usage: gliznet batch worker --redis URL [--model DIR] [--concurrency N] [options]

Takes chunks from the queue, classifies them with the SDK and stores each chunk's results in
Redis under the chunk's id. Runs until interrupted (Ctrl-C or SIGTERM: the running chunks finish
first; a second signal exits at once, and those chunks are retried by another worker).

  --redis URL            Redis server (default $GLIZNET_REDIS_URL)
  --model DIR            model directory (default $GLIZNET_MODEL_DIR, then the packaged default model)
  --quantized            use onnx/model_quantized.onnx (default: onnx/model.onnx when the model has it)
  --threads N            onnxruntime threads (default: number of cores; with several workers on one
                         machine, give each cores/workers)
  --concurrency N        chunks classified at once by this worker (default 1)
  --lock-duration MS     lock on a running chunk, renewed every MS/2; a chunk whose worker died is
                         retried after about 1-2 x MS (default 30000)
  --name NAME            worker name recorded with each chunk (default HOST:PID)
  --quiet                log only errors (default: one line per chunk on stderr)
`;

export const STATUS_HELP = `Usage: gliznet batch status [ID] --redis URL [--json] [--watch [--interval S]]

Chunks done / failed / waiting / running, rows done, rows/s and ETA; failed chunks with their
errors and bad rows by line. Without ID: the most recent batches.
  --json          print the status as JSON
  --watch         refresh every --interval seconds (default 2) until the batch is complete or
                  stuck; exits 0 when complete, 1 otherwise
`;

export const COLLECT_HELP = `Usage: gliznet batch collect ID --output FILE --redis URL [--allow-mixed-models]

Writes the batch's results to FILE (JSON lines, input order, the lines gliznet classify --input
writes) atomically: FILE appears complete or not at all. Refuses, naming them, while chunks are
missing, and when chunks were classified by different models (--allow-mixed-models accepts that).
`;

export const RETRY_HELP = `Usage: gliznet batch retry ID --redis URL [--chunk N ...]

Puts the batch's failed chunks (or only --chunk N, repeatable) back on the queue with fresh
attempts: after fixing what failed them (a model, a machine). Bad rows fail again: fix the input
and submit it again instead.
`;

export const DELETE_HELP = `Usage: gliznet batch delete ID --redis URL

Removes the batch from Redis: its chunks still on the queue, its results and its records.
`;
