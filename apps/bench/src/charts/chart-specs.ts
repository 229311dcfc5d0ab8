/**
 * Vega-Lite specs of the report's charts, built from results:
 * - accuracy: one bar per system per dataset (macro-F1; micro-F1 at the threshold for multi-label sets);
 * - speed: throughput and latency against the number of labels, log-log, one line per system;
 * - speed ratio: GliZNet's measured throughput advantage against the token-count ratio and the target.
 */
import type { TopLevelSpec } from 'vega-lite';
import type { AccuracyResults, SpeedResults } from '../results/result-files.js';

const SCHEMA = 'https://vega.github.io/schema/vega-lite/v5.json';

/** The headline figure of a dataset: macro-F1, or micro-F1 at the system's threshold for multi-label sets. */
export function headlineMetric(multiLabel: boolean): string {
  return multiLabel ? 'micro-F1' : 'macro-F1';
}

export function accuracyChartSpec(results: AccuracyResults): TopLevelSpec {
  const values = results.datasets.flatMap((dataset) =>
    dataset.results.map((result) => ({
      dataset: dataset.name,
      system: result.system,
      score: result.score.type === 'multi-label' ? result.score.microF1 : result.score.macroF1,
    })),
  );
  const multiLabel = results.datasets.filter((dataset) => dataset.multiLabel).map((dataset) => dataset.name);
  const systems = systemNames(results);
  const rows = [...new Set(results.datasets.map((dataset) => dataset.rowsUsed))].join(' / ');
  return {
    $schema: SCHEMA,
    title: {
      text: 'Zero-shot accuracy per dataset',
      subtitle: [
        `macro-F1${multiLabel.length > 0 ? `; micro-F1 at each system's threshold for ${multiLabel.join(', ')} (multi-label)` : ''}`,
        `${rows} rows per dataset, seed ${results.seed}`,
      ],
    },
    data: { values },
    width: Math.max(320, values.length * 34),
    height: 260,
    encoding: {
      x: { field: 'dataset', type: 'nominal', title: null, sort: results.datasets.map((dataset) => dataset.name), axis: { labelAngle: 0 } },
      xOffset: { field: 'system', type: 'nominal', sort: systems },
      y: { field: 'score', type: 'quantitative', title: 'score', scale: { domain: [0, 1] } },
      color: { field: 'system', type: 'nominal', title: 'system', scale: { domain: systems }, legend: { orient: 'bottom' } },
    },
    layer: [
      { mark: { type: 'bar' } },
      { mark: { type: 'text', dy: -6, fontSize: 9 }, encoding: { text: { field: 'score', type: 'quantitative', format: '.2f' } } },
    ],
  } as unknown as TopLevelSpec;
}

/** System names in the run's order (GliZNet first), so colours match across charts. */
function systemNames(results: AccuracyResults | SpeedResults): string[] {
  return results.systems.map((system) => system.name);
}

function speedValues(results: SpeedResults): { labels: number; system: string; textsPerSecond: number; p50: number; p95: number }[] {
  return results.labelCounts.flatMap((entry) =>
    entry.systems.map((system) => ({ labels: entry.numLabels, system: system.system, textsPerSecond: system.textsPerSecond, p50: system.latencyP50Ms, p95: system.latencyP95Ms })),
  );
}

/** The x axis of the speed charts: label counts on a log2 scale. */
function labelAxis(): Record<string, unknown> {
  return { field: 'labels', type: 'quantitative', title: 'number of candidate labels', scale: { type: 'log', base: 2 }, axis: { values: [1, 2, 4, 8, 16, 32, 64, 128, 256] } };
}

export function throughputChartSpec(results: SpeedResults): TopLevelSpec {
  return {
    $schema: SCHEMA,
    title: { text: 'Throughput vs number of labels', subtitle: `${results.settings['texts'] ?? ''} texts, median of ${results.settings['repetitions'] ?? ''} runs, log-log` },
    data: { values: speedValues(results) },
    width: 420,
    height: 280,
    mark: { type: 'line', point: true },
    encoding: {
      x: labelAxis(),
      y: { field: 'textsPerSecond', type: 'quantitative', title: 'texts per second', scale: { type: 'log' } },
      color: { field: 'system', type: 'nominal', title: 'system', scale: { domain: systemNames(results) } },
    },
  } as unknown as TopLevelSpec;
}

export function latencyChartSpec(results: SpeedResults): TopLevelSpec {
  return {
    $schema: SCHEMA,
    title: { text: 'Latency per text (batch 1) vs number of labels', subtitle: 'solid p50, dashed p95, log-log' },
    data: { values: speedValues(results) },
    transform: [{ fold: ['p50', 'p95'], as: ['percentile', 'milliseconds'] }],
    width: 420,
    height: 280,
    mark: { type: 'line', point: true },
    encoding: {
      x: labelAxis(),
      y: { field: 'milliseconds', type: 'quantitative', title: 'latency per text (ms)', scale: { type: 'log' } },
      color: { field: 'system', type: 'nominal', title: 'system', scale: { domain: systemNames(results) } },
      strokeDash: { field: 'percentile', type: 'nominal', title: 'percentile' },
      detail: { field: 'percentile', type: 'nominal' },
    },
  } as unknown as TopLevelSpec;
}

/** Null when the run had no GliZNet + cross-encoder pair. */
export function ratioChartSpec(results: SpeedResults): TopLevelSpec | null {
  const values = results.labelCounts.flatMap((entry) =>
    entry.ratios === null
      ? []
      : [
          { labels: entry.numLabels, series: 'throughput ratio (measured)', ratio: entry.ratios.throughputRatio },
          { labels: entry.numLabels, series: 'token-count ratio', ratio: entry.ratios.tokenRatio },
          { labels: entry.numLabels, series: `target: ${Math.round(results.targetFraction * 100)}% of token-count ratio`, ratio: entry.ratios.tokenRatio * results.targetFraction },
        ],
  );
  if (values.length === 0) return null;
  const series = [...new Set(values.map((value) => value.series))];
  return {
    $schema: SCHEMA,
    title: {
      text: 'GliZNet speed-up over the cross-encoder',
      subtitle: ['throughput ratio = GliZNet texts/s / cross-encoder texts/s', 'token-count ratio = cross-encoder tokens / GliZNet tokens; log-log'],
    },
    data: { values },
    width: 420,
    height: 280,
    mark: { type: 'line', point: true },
    encoding: {
      x: labelAxis(),
      y: { field: 'ratio', type: 'quantitative', title: 'ratio', scale: { type: 'log' } },
      color: { field: 'series', type: 'nominal', title: null, scale: { domain: series }, legend: { orient: 'bottom', direction: 'vertical', labelLimit: 400 } },
      strokeDash: { condition: { test: "indexof(datum.series, 'target') === 0", value: [6, 4] }, value: [1, 0] },
    },
  } as unknown as TopLevelSpec;
}
