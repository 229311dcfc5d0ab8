import type { TrainingRecord } from './record.js';

/** Summary of a distribution of non-negative integers. */
export interface Distribution {
  min: number;
  max: number;
  mean: number;
  p50: number;
  p95: number;
  /** value -> how many records have it (only for small-valued distributions). */
  histogram?: Record<string, number>;
}

/** Statistics of a record set (see {@link computeDatasetStats}). */
export interface DatasetStats {
  records: number;
  /** Records whose text (trimmed, lower-cased, whitespace collapsed) appeared earlier in the set. */
  duplicateTexts: number;
  /** Distinct positive labels. */
  distinctLabels: number;
  /** Distinct labels over positives and negatives. */
  distinctLabelsIncludingNegatives: number;
  /** Positive label -> number of records it is positive for, most frequent first. */
  labelCounts: Record<string, number>;
  /** Negative label -> number of records it is a negative for, most frequent first. */
  negativeCounts: Record<string, number>;
  /** Labels that are positive somewhere and never a negative (the cross-role rule wants none). */
  positiveOnlyLabels: string[];
  /** Source -> record count. */
  sources: Record<string, number>;
  /** Text length in characters. */
  textLength: Distribution;
  positivesPerRecord: Distribution;
  negativesPerRecord: Distribution;
  /** Records with no positive label. */
  recordsWithoutPositives: number;
}

function sortedCounts(counts: Map<string, number>): Record<string, number> {
  const entries = [...counts.entries()].sort((left, right) => right[1] - left[1] || (left[0] < right[0] ? -1 : 1));
  return Object.fromEntries(entries);
}

function percentile(sorted: readonly number[], fraction: number): number {
  if (sorted.length === 0) return 0;
  const index = Math.min(sorted.length - 1, Math.floor(fraction * (sorted.length - 1)));
  return sorted[index] as number;
}

function distribution(values: number[], withHistogram: boolean): Distribution {
  const sorted = values.slice().sort((left, right) => left - right);
  const total = values.reduce((sum, value) => sum + value, 0);
  const result: Distribution = {
    min: sorted[0] ?? 0,
    max: sorted[sorted.length - 1] ?? 0,
    mean: values.length === 0 ? 0 : Number((total / values.length).toFixed(3)),
    p50: percentile(sorted, 0.5),
    p95: percentile(sorted, 0.95),
  };
  if (withHistogram) {
    const histogram: Record<string, number> = {};
    for (const value of sorted) histogram[String(value)] = (histogram[String(value)] ?? 0) + 1;
    result.histogram = histogram;
  }
  return result;
}

/** Accumulates statistics record by record (works on streams of any length; keeps one number per record). */
export class DatasetStatsAccumulator {
  private count = 0;
  private duplicates = 0;
  private withoutPositives = 0;
  private readonly seenTexts = new Set<string>();
  private readonly labelCounts = new Map<string, number>();
  private readonly negativeCounts = new Map<string, number>();
  private readonly sourceCounts = new Map<string, number>();
  private readonly textLengths: number[] = [];
  private readonly positives: number[] = [];
  private readonly negatives: number[] = [];

  /** Adds one record. */
  add(record: TrainingRecord): void {
    this.count += 1;
    const key = record.text.trim().toLowerCase().replace(/\s+/g, ' ');
    if (this.seenTexts.has(key)) this.duplicates += 1;
    else this.seenTexts.add(key);
    for (const label of record.labels) this.labelCounts.set(label, (this.labelCounts.get(label) ?? 0) + 1);
    for (const label of record.negatives ?? []) this.negativeCounts.set(label, (this.negativeCounts.get(label) ?? 0) + 1);
    const source = record.source ?? '(none)';
    this.sourceCounts.set(source, (this.sourceCounts.get(source) ?? 0) + 1);
    this.textLengths.push(record.text.length);
    this.positives.push(record.labels.length);
    this.negatives.push(record.negatives?.length ?? 0);
    if (record.labels.length === 0) this.withoutPositives += 1;
  }

  /** The statistics of everything added so far. */
  result(): DatasetStats {
    const allLabels = new Set([...this.labelCounts.keys(), ...this.negativeCounts.keys()]);
    return {
      records: this.count,
      duplicateTexts: this.duplicates,
      distinctLabels: this.labelCounts.size,
      distinctLabelsIncludingNegatives: allLabels.size,
      labelCounts: sortedCounts(this.labelCounts),
      negativeCounts: sortedCounts(this.negativeCounts),
      positiveOnlyLabels: [...this.labelCounts.keys()].filter((label) => !this.negativeCounts.has(label)).sort(),
      sources: sortedCounts(this.sourceCounts),
      textLength: distribution(this.textLengths, false),
      positivesPerRecord: distribution(this.positives, true),
      negativesPerRecord: distribution(this.negatives, true),
      recordsWithoutPositives: this.withoutPositives,
    };
  }
}

/** Statistics of a set of records: label counts, text lengths, positives and negatives per record, duplicates. */
export function computeDatasetStats(records: Iterable<TrainingRecord>): DatasetStats {
  const accumulator = new DatasetStatsAccumulator();
  for (const record of records) accumulator.add(record);
  return accumulator.result();
}

function table(rows: readonly (readonly string[])[]): string {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, index) => (widths[index] = Math.max(widths[index] ?? 0, cell.length)));
  return rows
    .map((row) => row.map((cell, index) => (index === 0 ? cell.padEnd(widths[index] ?? 0) : cell.padStart(widths[index] ?? 0))).join('  '))
    .join('\n');
}

function distributionRow(name: string, value: Distribution): string[] {
  return [name, String(value.min), String(value.p50), String(value.mean), String(value.p95), String(value.max)];
}

/** Options of {@link formatDatasetStats}. */
export interface FormatStatsOptions {
  /** How many of the most frequent labels to list (default 15). */
  topLabels?: number;
}

/** Renders statistics as a readable plain-text report (tables aligned for a terminal). */
export function formatDatasetStats(stats: DatasetStats, options: FormatStatsOptions = {}): string {
  const topLabels = options.topLabels ?? 15;
  const lines: string[] = [];
  lines.push(
    `records: ${stats.records}   duplicate texts: ${stats.duplicateTexts}   records without positives: ${stats.recordsWithoutPositives}`,
    `distinct positive labels: ${stats.distinctLabels}   distinct labels incl. negatives: ${stats.distinctLabelsIncludingNegatives}   positive-only labels: ${stats.positiveOnlyLabels.length}`,
    '',
    table([
      ['per record', 'min', 'p50', 'mean', 'p95', 'max'],
      distributionRow('text length (chars)', stats.textLength),
      distributionRow('positives', stats.positivesPerRecord),
      distributionRow('negatives', stats.negativesPerRecord),
    ]),
    '',
    table([['source', 'records'], ...Object.entries(stats.sources).map(([source, count]) => [source, String(count)])]),
    '',
  );
  const labelEntries = Object.entries(stats.labelCounts);
  lines.push(
    table([
      [`top ${Math.min(topLabels, labelEntries.length)} labels`, 'positive', 'negative'],
      ...labelEntries.slice(0, topLabels).map(([label, count]) => [label, String(count), String(stats.negativeCounts[label] ?? 0)]),
    ]),
  );
  return `${lines.join('\n')}\n`;
}
