/**
 * Command-line arguments of `gliznet classify`, parsed and checked into one options object.
 */
import { parseArgs } from 'node:util';
import { InvalidArgumentError } from '@gliznet/common';
import type { ClassifyOptions, LabelOrder, LongTextMode } from '../classify-options.js';
import type { OnError } from './classify-group.js';
import type { InputFormat } from './input-reader.js';
import { parseLabelsArgument } from './labels-argument.js';

export const CLASSIFY_HELP = `Usage: gliznet classify [TEXT...] (--labels LIST | --labels-file FILE) [options]
       gliznet classify --input FILE|- [--output FILE.jsonl] --labels LIST [options]

Classifies texts against candidate labels with a GliZNet ONNX model (zero-shot).

Labels:
  --labels LIST          comma-separated labels, e.g. --labels "sports,business,world politics".
                         Write a comma inside a label as \\, (--labels "food\\, drink,travel")
                         or pass a JSON array (--labels '["food, drink","travel"]').
  --labels-file FILE     one label per line (no escaping needed).

Model:
  --model DIR            model directory (config.json, tokenizer.json, onnx/model.onnx).
                         Default: $GLIZNET_MODEL_DIR, then the packaged default model.
  --quantized            use onnx/model_quantized.onnx (int8 weights). Default: onnx/model.onnx
                         when the directory has it, else onnx/model_quantized.onnx.
  --threads N            onnxruntime threads (default: number of cores).
  --hypothesis-template T
                         how a label becomes the text the model reads, {label} replaced
                         (default: the model's hypothesis_template).

Scoring:
  --multi-label          independent probability per label (sigmoid) filtered by --threshold;
                         without it the labels compete (softmax, scores sum to 1). A single
                         candidate label is always scored on its own (sigmoid).
  --threshold P          keep labels scoring >= P, 0 <= P <= 1 (default: the model's threshold
                         with --multi-label, none otherwise). Multi-label scores are not
                         calibrated: choose P on labelled examples of your own.
  --top-k K              keep at most K labels.
  --max-length N         window in tokens (default: the model's max_length; more than the
                         model was trained with gets a warning, more than its position table
                         is refused).
  --label-order ORDER    canonical (default: labels read sorted, so the same labels in any
                         order give the same result) or as-given (read in the order given).
  --long-text MODE       truncate (default; results say "truncated") or chunk (overlapping
                         windows, aggregated: max for multi-label, mean logit otherwise).
  --chunk-tokens N       --long-text chunk: text tokens per window (default max-length/2).
  --stride-tokens N      --long-text chunk: tokens shared by consecutive windows (default chunk/4).
  --batch-size N         passes per onnxruntime call (default 32).
  --max-labels-per-pass N  most labels scored in one pass (default: the model's max_labels;
                         raise it for fewer passes).

Batch input and output:
  --input FILE|-         JSONL (one object per line: "text", optional "candidate_labels" array
                         overriding --labels, optional "id") or text (one text per line);
                         - reads stdin. Format from the extension (.jsonl/.json/.ndjson) or,
                         for stdin, from the first line; force it with --input-format jsonl|txt.
  --text-field NAME      JSONL field holding the text (default "text").
  --output FILE          write JSON lines here (never the --input file). An existing file is
                         resumed when FILE.gliznet.json shows the same labels, model and options
                         and its rows match the input: its complete lines are kept, that many
                         inputs are skipped, a partial last line is dropped. Otherwise an error
                         says what differs.
  --overwrite            start --output afresh instead of resuming.
  --on-error MODE        fail (default): stop at the first input line that cannot be classified
                         (malformed JSON, empty text, bad labels), naming it. skip: write an
                         error row {"index", "line", "error"} in its place and go on.
  --json                 print JSON lines on stdout instead of a table.
  --no-progress          no progress on stderr (shown by default for --input).
  -h, --help             this help.

Examples:
  gliznet classify "The match went to extra time" --labels "sports,business,politics"
  gliznet classify "Tea and biscuits" --labels "food,drink,travel" --multi-label --threshold 0.3
  gliznet classify --input texts.jsonl --output results.jsonl --labels-file labels.txt
  gliznet classify --input texts.txt --output results.jsonl --labels a,b --on-error skip
`;

/** Everything `gliznet classify` was asked to do. */
export interface ClassifyCommand {
  help: boolean;
  texts: string[];
  labels: string[] | undefined;
  labelsFile: string | undefined;
  modelDirectory: string | undefined;
  /** true with --quantized; undefined without it (the fp32 graph when there is one). */
  quantized: true | undefined;
  threads: number | undefined;
  hypothesisTemplate: string | undefined;
  classifyOptions: ClassifyOptions;
  input: string | undefined;
  inputFormat: InputFormat | undefined;
  textField: string;
  output: string | undefined;
  overwrite: boolean;
  /** `--on-error`: stop at a line that cannot be classified (`fail`), or write an error row for it (`skip`). */
  onError: OnError;
  json: boolean;
  progress: boolean;
}

/** Options that take a value: `--threshold -1` passes `-1` to them (parseArgs alone would refuse it as ambiguous). */
const VALUE_OPTIONS = new Set(['--threshold', '--top-k', '--max-length', '--threads', '--batch-size', '--max-labels-per-pass', '--chunk-tokens', '--stride-tokens']);

/** Joins a numeric option and a negative value (`--threshold`, `-1`) into `--threshold=-1`, so its own check names the value. */
export function joinNegativeValues(argv: readonly string[]): string[] {
  const joined: string[] = [];
  for (let index = 0; index < argv.length; index += 1) {
    const argument = argv[index] as string;
    const value = argv[index + 1];
    if (VALUE_OPTIONS.has(argument) && value !== undefined && /^-(\d|\.\d|Infinity)/.test(value)) {
      joined.push(`${argument}=${value}`);
      index += 1;
    } else {
      joined.push(argument);
    }
  }
  return joined;
}

function parseNumberOption(name: string, value: string | undefined, kind: 'integer' | 'probability'): number | undefined {
  if (value === undefined) return undefined;
  const number = Number(value);
  if (kind === 'integer' && (!/^\d+$/.test(value.trim()) || number < 1)) {
    throw new InvalidArgumentError(name, `${name} must be a positive integer, got ${JSON.stringify(value)}`);
  }
  if (kind === 'probability' && (value.trim() === '' || !Number.isFinite(number) || number < 0 || number > 1)) {
    throw new InvalidArgumentError(name, `${name} must be a number between 0 and 1, got ${JSON.stringify(value)}`);
  }
  return number;
}

/** Parses the arguments after `classify`. Throws InvalidArgumentError on anything unusable. */
export function parseClassifyArguments(argv: readonly string[]): ClassifyCommand {
  let parsed: ReturnType<typeof parseArgs>;
  const options = {
    labels: { type: 'string' },
    'labels-file': { type: 'string' },
    model: { type: 'string' },
    quantized: { type: 'boolean' },
    threads: { type: 'string' },
    'hypothesis-template': { type: 'string' },
    'multi-label': { type: 'boolean' },
    threshold: { type: 'string' },
    'top-k': { type: 'string' },
    'max-length': { type: 'string' },
    'long-text': { type: 'string' },
    'label-order': { type: 'string' },
    'chunk-tokens': { type: 'string' },
    'stride-tokens': { type: 'string' },
    'batch-size': { type: 'string' },
    'max-labels-per-pass': { type: 'string' },
    input: { type: 'string' },
    'input-format': { type: 'string' },
    'text-field': { type: 'string' },
    output: { type: 'string' },
    overwrite: { type: 'boolean' },
    'on-error': { type: 'string' },
    json: { type: 'boolean' },
    'no-progress': { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  } as const;
  try {
    parsed = parseArgs({ args: joinNegativeValues(argv), options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new InvalidArgumentError('arguments', `${(error as Error).message}. Run "gliznet classify --help" for the options.`);
  }
  const values = parsed.values as Record<string, string | boolean | undefined>;
  const text = (name: string) => values[name] as string | undefined;
  const flag = (name: string) => values[name] === true;
  const help = flag('help');
  const command: ClassifyCommand = {
    help,
    texts: parsed.positionals,
    labels: undefined,
    labelsFile: text('labels-file'),
    modelDirectory: text('model'),
    quantized: flag('quantized') ? true : undefined,
    threads: parseNumberOption('--threads', text('threads'), 'integer'),
    hypothesisTemplate: text('hypothesis-template'),
    classifyOptions: {},
    input: text('input'),
    inputFormat: undefined,
    textField: text('text-field') ?? 'text',
    output: text('output'),
    overwrite: flag('overwrite'),
    onError: 'fail',
    json: flag('json'),
    progress: !flag('no-progress'),
  };
  if (help) return command;

  const labelsValue = text('labels');
  if (labelsValue !== undefined && command.labelsFile !== undefined) {
    throw new InvalidArgumentError('--labels', 'give either --labels or --labels-file, not both');
  }
  if (labelsValue !== undefined) command.labels = parseLabelsArgument(labelsValue);
  if (command.input === undefined && command.texts.length === 0) {
    throw new InvalidArgumentError('text', 'nothing to classify: give the text as an argument (gliznet classify "some text" --labels a,b) or --input FILE');
  }
  if (command.input !== undefined && command.texts.length > 0) {
    throw new InvalidArgumentError('text', `give texts either as arguments or with --input, not both (got ${command.texts.length} argument(s) and --input ${command.input})`);
  }
  if (command.input === undefined && labelsValue === undefined && command.labelsFile === undefined) {
    throw new InvalidArgumentError('--labels', 'no candidate labels: pass --labels "a,b,c" or --labels-file FILE');
  }
  const format = text('input-format');
  if (format !== undefined) {
    if (format !== 'jsonl' && format !== 'txt') throw new InvalidArgumentError('--input-format', `--input-format must be jsonl or txt, got ${JSON.stringify(format)}`);
    command.inputFormat = format;
  }
  if (command.output !== undefined && command.input === undefined) {
    throw new InvalidArgumentError('--output', '--output goes with --input (batch mode); for texts given as arguments, results go to stdout (add --json for JSON lines)');
  }
  const onError = text('on-error');
  if (onError !== undefined) {
    if (onError !== 'fail' && onError !== 'skip') throw new InvalidArgumentError('--on-error', `--on-error must be fail or skip, got ${JSON.stringify(onError)}`);
    if (command.input === undefined) throw new InvalidArgumentError('--on-error', '--on-error goes with --input (batch mode); a text given as an argument that cannot be classified is always an error');
    command.onError = onError;
  }
  const labelOrder = text('label-order');
  if (labelOrder !== undefined && labelOrder !== 'as-given' && labelOrder !== 'canonical') {
    throw new InvalidArgumentError('--label-order', `--label-order must be as-given or canonical, got ${JSON.stringify(labelOrder)}`);
  }
  const longText = text('long-text');
  if (longText !== undefined && longText !== 'truncate' && longText !== 'chunk') {
    throw new InvalidArgumentError('--long-text', `--long-text must be truncate or chunk, got ${JSON.stringify(longText)}`);
  }
  const classifyOptions: ClassifyOptions = {};
  if (flag('multi-label')) classifyOptions.multiLabel = true;
  const assign = <K extends keyof ClassifyOptions>(key: K, value: ClassifyOptions[K] | undefined) => {
    if (value !== undefined) classifyOptions[key] = value;
  };
  assign('threshold', parseNumberOption('--threshold', text('threshold'), 'probability'));
  assign('topK', parseNumberOption('--top-k', text('top-k'), 'integer'));
  assign('maxLength', parseNumberOption('--max-length', text('max-length'), 'integer'));
  assign('batchSize', parseNumberOption('--batch-size', text('batch-size'), 'integer'));
  assign('maxLabelsPerPass', parseNumberOption('--max-labels-per-pass', text('max-labels-per-pass'), 'integer'));
  assign('labelOrder', labelOrder as LabelOrder | undefined);
  assign('longText', longText as LongTextMode | undefined);
  assign('chunkTokens', parseNumberOption('--chunk-tokens', text('chunk-tokens'), 'integer'));
  const stride = text('stride-tokens');
  if (stride !== undefined) {
    if (!/^\d+$/.test(stride.trim())) throw new InvalidArgumentError('--stride-tokens', `--stride-tokens must be a non-negative integer, got ${JSON.stringify(stride)}`);
    classifyOptions.strideTokens = Number(stride);
  }
  if ((classifyOptions.chunkTokens !== undefined || classifyOptions.strideTokens !== undefined) && classifyOptions.longText !== 'chunk') {
    throw new InvalidArgumentError('--chunk-tokens', '--chunk-tokens and --stride-tokens apply to --long-text chunk; add --long-text chunk');
  }
  command.classifyOptions = classifyOptions;
  return command;
}
