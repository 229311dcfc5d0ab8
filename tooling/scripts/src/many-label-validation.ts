/**
 * Many-candidate validation sets from the corpus build's validation split, for tuning inference
 * settings where the evaluation sets have many labels (banking77 has 77) without touching them.
 * For each corpus with at least --min-labels labels, writes `<out>/<corpus>.jsonl` (its validation
 * records: text and positive labels) and `<corpus>.meta.json` (every label of that corpus seen in the
 * build, the candidates), in the evaluation-set format that `pnpm bench accuracy --datasets` reads.
 * A corpus where over 5% of records have several positives (goemotions, nlupp) is written as a
 * multi-label set (`multi_label: true`, every validation record): the rows for choosing the
 * multi-label threshold (`pnpm bench accuracy` reports the micro-F1 at each threshold).
 * With --groups, the label of a record is its domain / service / scenario (`meta.group`, e.g.
 * clinc150's "banking", hwu64's "weather") and the candidates are that corpus' groups: coarse
 * topic sets for judging broad labels (records without a group or without positives are skipped).
 *
 *   pnpm tsx --conditions=@gliznet/source tooling/scripts/src/many-label-validation.ts \
 *     [--train data/corpus-build/train.jsonl] [--val data/corpus-build/val.jsonl] [--out data/validation-many] [--min-labels 20] [--groups]
 */
import { createReadStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { DataFormatError, formatHelp, parseCommandLine, writeFileAtomic, writeJsonAtomic, type CommandSpec } from '@gliznet/common';

const spec: CommandSpec = {
  name: 'many-label-validation',
  summary: 'Writes many-candidate validation sets (one per corpus) from the corpus build, in the evaluation-set format.',
  options: {
    train: { type: 'string', default: 'data/corpus-build/train.jsonl', description: 'training records (to collect each corpus\'s labels)' },
    val: { type: 'string', default: 'data/corpus-build/val.jsonl', description: 'validation records (the rows)' },
    out: { type: 'string', default: 'data/validation-many', description: 'output directory' },
    'min-labels': { type: 'number', default: 20, description: 'smallest label count of a corpus to include' },
    groups: { type: 'boolean', default: false, description: "label each record with its group (meta.group) instead of its labels" },
  },
  examples: ['pnpm tsx --conditions=@gliznet/source tooling/scripts/src/many-label-validation.ts'],
};

interface BuildRecord {
  text: string;
  labels: string[];
  source: string;
  meta?: { group?: unknown };
}

/** The build records of `path`; with `groups`, each labelled with its group (records without one skipped). */
async function* readRecords(path: string, groups: boolean): AsyncGenerator<BuildRecord> {
  let lineNumber = 0;
  for await (const line of createInterface({ input: createReadStream(path), crlfDelay: Infinity })) {
    lineNumber++;
    if (line.trim() === '') continue;
    const record = JSON.parse(line) as Partial<BuildRecord>;
    if (typeof record.text !== 'string' || !Array.isArray(record.labels) || typeof record.source !== 'string') {
      throw new DataFormatError(`${path}:${lineNumber}`, `${path}:${lineNumber} needs "text", "labels" and "source" (a corpus build record)`);
    }
    const built = record as BuildRecord;
    if (!groups) yield built;
    else if (typeof built.meta?.group === 'string' && built.labels.length > 0) {
      // A group record of a build made with --group-label-rate already names its group.
      yield { ...built, labels: [built.meta.group] };
    }
  }
}

const parsed = parseCommandLine(process.argv.slice(2), spec);
if (parsed.help) {
  process.stdout.write(formatHelp(spec));
  process.exit(0);
}
const values = parsed.values as { train: string; val: string; out: string; 'min-labels': number; groups: boolean };
const labelsBySource = new Map<string, Set<string>>();
const recordsBySource = new Map<string, { records: number; multiLabel: number }>();
for (const path of [values.train, values.val]) {
  for await (const record of readRecords(path, values.groups)) {
    const labels = labelsBySource.get(record.source) ?? new Set<string>();
    for (const label of record.labels) labels.add(label);
    labelsBySource.set(record.source, labels);
    const counts = recordsBySource.get(record.source) ?? { records: 0, multiLabel: 0 };
    counts.records++;
    if (record.labels.length > 1) counts.multiLabel++;
    recordsBySource.set(record.source, counts);
  }
}
const isMultiLabel = (source: string): boolean => {
  const counts = recordsBySource.get(source) ?? { records: 0, multiLabel: 0 };
  return counts.multiLabel > 0.05 * counts.records;
};
const rowsBySource = new Map<string, string[]>();
for await (const record of readRecords(values.val, values.groups)) {
  // In a single-label corpus the rare record with two positives (merged duplicates) is skipped.
  if (record.labels.length !== 1 && !isMultiLabel(record.source)) continue;
  const rows = rowsBySource.get(record.source) ?? [];
  rows.push(JSON.stringify({ text: record.text, labels: record.labels }));
  rowsBySource.set(record.source, rows);
}
await mkdir(values.out, { recursive: true });
for (const [source, labels] of [...labelsBySource].sort(([a], [b]) => a.localeCompare(b))) {
  const rows = rowsBySource.get(source) ?? [];
  if (labels.size < values['min-labels'] || rows.length === 0) continue;
  const multiLabel = isMultiLabel(source);
  await writeFileAtomic(join(values.out, `${source}.jsonl`), `${rows.join('\n')}\n`);
  await writeJsonAtomic(join(values.out, `${source}.meta.json`), { name: source, labels: [...labels].sort(), multi_label: multiLabel, size: rows.length });
  process.stdout.write(`${join(values.out, `${source}.jsonl`)}: ${rows.length} rows, ${labels.size} candidate labels${multiLabel ? ', multi-label' : ''}\n`);
}
