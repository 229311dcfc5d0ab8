/**
 * `gliznet serve`: loads a model, serves it over HTTP until SIGTERM / SIGINT, then stops gracefully
 * (stops accepting, answers what is in flight, exits 0). Logs on stderr; `--help` on stdout.
 * Exit codes: 0 after a graceful stop, 1 on a failure (model, port), 2 on bad usage.
 */
import { GliznetError, InvalidArgumentError, formatHelp, parseCommandLine, type CommandSpec } from '@gliznet/common';
import { createGliznetServer, type ServedClassifier } from '../create-server.js';
import { DEFAULT_SERVER_OPTIONS, type HuggingFaceFormat } from '../server-options.js';
import { WorkerClassifier } from '../worker-classifier.js';

export const SERVE_SPEC: CommandSpec = {
  name: 'gliznet serve',
  summary:
    'Serve a GliZNet model over HTTP: POST / and /zero-shot-classification (the Hugging Face Inference API shape), POST /v1/classify (the SDK shape), GET /health, /ready, /metrics (Prometheus), /openapi.json. Requests arriving together are batched into one onnxruntime run.',
  options: {
    model: { type: 'string', placeholder: '<dir>', description: 'model directory (default $GLIZNET_MODEL_DIR, then the packaged default model)' },
    host: { type: 'string', default: '127.0.0.1', placeholder: '<address>', description: 'address to listen on (0.0.0.0 for every interface)' },
    port: { type: 'number', default: 8080, description: 'port to listen on (0: a free one, printed in the log)' },
    quantized: { type: 'boolean', description: 'use onnx/model_quantized.onnx (int8; default: onnx/model.onnx when the model has it)' },
    threads: { type: 'number', placeholder: '<n>', description: 'onnxruntime threads (default: the number of cores)' },
    'execution-provider': { type: 'string', default: 'cpu', placeholder: '<a,b>', description: 'onnxruntime execution providers, tried in order (e.g. cuda,cpu)' },
    'max-batch': { type: 'number', default: DEFAULT_SERVER_OPTIONS.maxBatch, description: 'most texts joined in one onnxruntime batch' },
    'max-wait-ms': { type: 'number', default: DEFAULT_SERVER_OPTIONS.maxWaitMs, description: 'longest a request waits for others to join its batch' },
    'max-queue': { type: 'number', default: DEFAULT_SERVER_OPTIONS.maxQueue, description: 'most texts waiting; beyond it requests get 503 with Retry-After' },
    'max-texts': { type: 'number', placeholder: '<n>', description: `most texts in one request (default: ${DEFAULT_SERVER_OPTIONS.maxTexts}, or --max-queue if smaller)` },
    'max-labels': { type: 'number', default: DEFAULT_SERVER_OPTIONS.maxLabels, description: 'most candidate labels per text' },
    'max-text-length': { type: 'number', default: DEFAULT_SERVER_OPTIONS.maxTextLength, description: 'longest text, in characters' },
    'body-limit': { type: 'number', default: DEFAULT_SERVER_OPTIONS.bodyLimit, description: 'longest request body, in bytes (413 beyond)' },
    'request-timeout-ms': { type: 'number', default: DEFAULT_SERVER_OPTIONS.requestTimeoutMs, description: 'a request still queued after this gets 503' },
    'hf-format': { type: 'string', default: 'auto', choices: ['auto', 'pipeline', 'list'], description: 'Hugging Face answer: pipeline {sequence, labels, scores}, list [{label, score}], auto (list for huggingface_hub >= 1.1.5)' },
    'hypothesis-template': { type: 'string', placeholder: '<template>', description: 'default label template, "{label}" replaced (default: the model\'s config.json)' },
    'log-requests': { type: 'boolean', default: false, description: 'log every request on stderr' },
  },
  examples: [
    'pnpm gliznet serve --port 8080 --threads 2',
    'pnpm gliznet serve --model models/gliznet-use-lite --quantized --max-batch 64 --max-wait-ms 10',
    `curl -s localhost:8080/ -H 'content-type: application/json' -d '{"inputs": "The striker scored twice.", "parameters": {"candidate_labels": ["sports", "politics"]}}'`,
  ],
};

export interface ServeIo {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
}

export type LoadServedClassifier = (modelDirectory: string | undefined, options: { quantized: boolean | undefined; threads?: number; executionProviders: string[]; hypothesisTemplate?: string }) => Promise<ServedClassifier & { dispose(): Promise<void> }>;

export interface ServeDependencies {
  /** Aborting it stops the server gracefully (main.ts wires SIGTERM and SIGINT to it). */
  signal?: AbortSignal;
  /** Default: the model in a worker thread (WorkerClassifier.start), so onnxruntime never blocks the server's event loop. */
  loadClassifier?: LoadServedClassifier;
  /** Called with the base URL once listening (tests). */
  onListening?: (url: string) => void;
}

const loadSdkClassifier: LoadServedClassifier = (modelDirectory, options) => WorkerClassifier.start(modelDirectory, options);

function positive(values: Record<string, unknown>, flag: string, options: { allowZero?: boolean } = {}): number {
  const value = values[flag];
  const minimum = options.allowZero === true ? 0 : 1;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < minimum) throw new InvalidArgumentError(flag, `--${flag} must be ${minimum === 0 ? 'a non-negative' : 'a positive'} integer, got ${JSON.stringify(value)}`);
  return value;
}

/** Runs `gliznet serve` with `argv` (the words after `serve`). Resolves with the exit code when the server has stopped; never throws. */
export async function runServeCli(argv: readonly string[], io: ServeIo, dependencies: ServeDependencies = {}): Promise<number> {
  const log = (line: string): void => void io.stderr.write(`${new Date().toISOString()} gliznet serve: ${line}\n`);
  try {
    const parsed = parseCommandLine(argv, SERVE_SPEC);
    if (parsed.help) {
      io.stdout.write(formatHelp(SERVE_SPEC));
      return 0;
    }
    if (parsed.positionals.length > 0) throw new InvalidArgumentError('argv', `unexpected argument(s) ${parsed.positionals.join(' ')}; gliznet serve takes only options (gliznet serve --help)`);
    const values = parsed.values;
    const port = positive(values, 'port', { allowZero: true });
    if (port > 65535) throw new InvalidArgumentError('port', `--port must be at most 65535, got ${port}`);
    const threads = values['threads'] === undefined ? undefined : positive(values, 'threads');
    const executionProviders = String(values['execution-provider'])
      .split(',')
      .map((name) => name.trim())
      .filter((name) => name !== '');
    const started = performance.now();
    const loading = (dependencies.loadClassifier ?? loadSdkClassifier)(values['model'] as string | undefined, {
      quantized: values['quantized'] === true ? true : undefined,
      executionProviders,
      ...(threads === undefined ? {} : { threads }),
      ...(typeof values['hypothesis-template'] === 'string' ? { hypothesisTemplate: values['hypothesis-template'] } : {}),
    });
    loading.catch(() => undefined); // handled below; the server reports it on /ready meanwhile
    const server = createGliznetServer(loading, {
      maxBatch: positive(values, 'max-batch'),
      maxWaitMs: positive(values, 'max-wait-ms', { allowZero: true }),
      maxQueue: positive(values, 'max-queue'),
      ...(values['max-texts'] === undefined ? {} : { maxTexts: positive(values, 'max-texts') }),
      maxLabels: positive(values, 'max-labels'),
      maxTextLength: positive(values, 'max-text-length'),
      bodyLimit: positive(values, 'body-limit'),
      requestTimeoutMs: positive(values, 'request-timeout-ms'),
      huggingFaceFormat: values['hf-format'] as HuggingFaceFormat,
      logRequests: values['log-requests'] === true,
      log,
    });
    const url = await server.listen({ host: values['host'] as string, port });
    log(`listening on ${url} (max batch ${server.options.maxBatch} texts, max wait ${server.options.maxWaitMs} ms, max queue ${server.options.maxQueue} texts); loading the model`);
    dependencies.onListening?.(url);
    const stopped = new Promise<void>((resolveStop) => {
      if (dependencies.signal === undefined) return;
      if (dependencies.signal.aborted) resolveStop();
      dependencies.signal.addEventListener('abort', () => resolveStop(), { once: true });
    });
    let classifier: Awaited<typeof loading> | undefined;
    try {
      classifier = await loading;
    } catch (error) {
      log(`the model failed to load: ${GliznetError.isInstance(error) ? `${error.code}: ${error.message}` : String(error)}`);
      await server.close();
      return 1;
    }
    log(`ready: ${classifier.modelPath ?? classifier.modelDirectory ?? 'model'} loaded in ${((performance.now() - started) / 1000).toFixed(1)}s (threads ${threads ?? 'default'}, execution providers ${executionProviders.join(', ')})`);
    await stopped;
    log('stopping: no new requests; finishing the ones in flight');
    await server.close();
    await classifier.dispose();
    log('stopped');
    return 0;
  } catch (error) {
    if (GliznetError.isInstance(error)) {
      io.stderr.write(`gliznet serve: ${error.code}: ${error.message}\n`);
      return InvalidArgumentError.isInstance(error) ? 2 : 1;
    }
    io.stderr.write(`gliznet serve: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    return 1;
  }
}
