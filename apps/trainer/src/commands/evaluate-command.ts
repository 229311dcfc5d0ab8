/** `pnpm trainer evaluate`: zero-shot scores of a tfjs model directory on evaluation datasets. */
import { createProgressReporter, formatHelp, parseCommandLine, type CommandSpec } from '@gliznet/common';
import { GliznetModel, selectBackend } from '@gliznet/core';
import { readEvaluationDataset } from '@gliznet/evaluation';
import { GliznetTokenizer } from '@gliznet/tokenizer';
import { evaluateDataset, type DatasetEvaluation } from '../evaluation/evaluate-dataset.js';
import type { CommandContext } from './command-context.js';

export const evaluateSpec: CommandSpec = {
  name: 'gliznet-trainer evaluate',
  summary: "Evaluate a model directory zero-shot on datasets ({text, labels} JSONL with a .meta.json listing the candidate labels), scored by the SDK's classification pipeline on tfjs.",
  options: {
    model: { type: 'string', description: 'Model directory (config.json, tokenizer.json, model.safetensors)', required: true, placeholder: '<dir>' },
    data: { type: 'string', description: 'Evaluation datasets', multiple: true, required: true, placeholder: '<jsonl>' },
    limit: { type: 'number', description: 'Rows per dataset (seeded sample); all when omitted' },
    seed: { type: 'number', description: 'Sampling seed', default: 1 },
    'batch-size': { type: 'number', description: 'Sequences per forward pass', default: 32 },
    'max-length': { type: 'number', description: "Window in tokens (default: the model's)" },
    'max-labels-per-pass': { type: 'number', description: "GliZNet: most labels scored in one pass, as the SDK's maxLabelsPerPass (default: the model's max_labels)" },
    'label-order': {
      type: 'string',
      description: "GliZNet: read the labels sorted by normalised text (canonical, the SDK's default: scores independent of the order) or in the dataset's order (as-given)",
      choices: ['canonical', 'as-given'],
      default: 'canonical',
    },
    threshold: { type: 'number', description: "Multi-label threshold (default: the model's)" },
    backend: { type: 'string', description: 'tfjs backend', choices: ['auto', 'tensorflow', 'wasm', 'cpu'], default: 'auto' },
    json: { type: 'boolean', description: 'Print results as JSON on stdout', default: false },
  },
  examples: ['pnpm trainer evaluate --model runs/x/best --data ../shared/datasets/agnews.jsonl ../shared/datasets/sst2.jsonl --limit 1000'],
};

export function formatEvaluationTable(results: readonly DatasetEvaluation[]): string {
  const rows = results.map((result) =>
    result.multiLabel
      ? [result.dataset, String(result.rows), '-', result.metrics.macroF1.toFixed(4), `micro-F1 ${result.metrics.microF1.toFixed(4)} @ ${result.threshold}; best threshold ${result.bestThreshold.threshold} (micro-F1 ${result.bestThreshold.microF1.toFixed(4)})`]
      : [result.dataset, String(result.rows), result.metrics.accuracy.toFixed(4), result.metrics.macroF1.toFixed(4), ''],
  );
  const header = ['dataset', 'rows', 'accuracy', 'macro-F1', 'notes'];
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column]!.length)));
  const format = (row: string[]): string => row.map((cell, column) => cell.padEnd(widths[column]!)).join('  ').trimEnd();
  return [format(header), format(widths.map((width) => '-'.repeat(width))), ...rows.map(format)].join('\n') + '\n';
}

export async function evaluateCommand(argv: readonly string[], context: CommandContext): Promise<number> {
  const parsed = parseCommandLine(argv, evaluateSpec);
  if (parsed.help) {
    context.stdout.write(formatHelp(evaluateSpec));
    return 0;
  }
  const values = parsed.values as {
    model: string;
    data: string[];
    limit?: number;
    seed: number;
    'batch-size': number;
    'max-length'?: number;
    'max-labels-per-pass'?: number;
    'label-order': 'canonical' | 'as-given';
    threshold?: number;
    backend: 'auto' | 'tensorflow' | 'wasm' | 'cpu';
    json: boolean;
  };
  await selectBackend({ backend: values.backend });
  const model = await GliznetModel.load(values.model);
  const tokenizer = await GliznetTokenizer.fromDirectory(values.model);
  const results: DatasetEvaluation[] = [];
  try {
    for (const file of values.data) {
      const dataset = await readEvaluationDataset(file);
      const reporter = createProgressReporter({ label: `evaluate ${dataset.name}`, unit: 'texts', stream: context.stderr, total: Math.min(dataset.rows.length, values.limit ?? Infinity) });
      const result = await evaluateDataset(model, tokenizer, dataset, {
        limit: values.limit,
        seed: values.seed,
        batchSize: values['batch-size'],
        maxLength: values['max-length'],
        maxLabelsPerPass: values['max-labels-per-pass'],
        labelOrder: values['label-order'],
        threshold: values.threshold,
        onProgress: (done) => reporter.update(done),
      });
      reporter.finish();
      results.push(result);
    }
  } finally {
    model.dispose();
  }
  context.stdout.write(values.json ? `${JSON.stringify(results, null, 2)}\n` : formatEvaluationTable(results));
  return 0;
}
