/** Markdown for the report: result tables, each stating the command, machine and date that produced it. */
import { describeMachine } from '../results/run-environment.js';
import type { AccuracyResults, BenchResults, SpeedResults } from '../results/result-files.js';

function format(value: number | null | undefined, digits = 3): string {
  return value === null || value === undefined || !Number.isFinite(value) ? '–' : value.toFixed(digits);
}

function escapeCell(text: string): string {
  return text.replace(/\|/g, '\\|');
}

function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  return [`| ${header.join(' | ')} |`, `| ${header.map(() => '---').join(' | ')} |`, ...rows.map((row) => `| ${row.map(escapeCell).join(' | ')} |`)].join('\n');
}

/** The provenance lines under a table. */
export function provenance(results: BenchResults): string {
  const date = results.finishedAt.slice(0, 16).replace('T', ' ');
  const load = results.environment.loadAverage.join(' / ');
  const commit = results.environment.gitCommit === null ? 'unknown' : `${results.environment.gitCommit.slice(0, 10)}${results.environment.gitDirty ? ' (with uncommitted changes)' : ''}`;
  return [
    `- Command: \`${results.commandLine}\``,
    `- Machine: ${describeMachine(results.environment)}; load average at start ${load}`,
    `- Date: ${date} UTC; commit ${commit}; seed ${results.seed}`,
    `- Systems: ${results.systems.map((system) => `${system.name} (${system.source})`).join('; ')}`,
  ].join('\n');
}

export function accuracyMarkdown(results: AccuracyResults): string {
  const header = ['dataset', 'rows', 'system', 'accuracy', 'macro-F1', 'micro-F1 @ threshold', 'oracle threshold: micro-F1', 'top label changed (shuffled labels)'];
  const rows = results.datasets.flatMap((dataset) =>
    dataset.results.map((result) => {
      const score = result.score;
      return [
        `${dataset.name}${dataset.multiLabel ? ' (multi-label)' : ''}`,
        String(score.rows),
        result.system,
        score.type === 'single-label' ? format(score.accuracy) : '–',
        format(score.macroF1),
        score.type === 'multi-label' ? `${format(score.microF1)} @ ${score.threshold}` : '–',
        score.type === 'multi-label' ? `${score.oracleThreshold.toFixed(2)}: ${format(score.oracleMicroF1)}` : '–',
        result.shuffle === undefined ? '–' : `${(result.shuffle.topLabelChangedFraction * 100).toFixed(1)}%`,
      ];
    }),
  );
  return table(header, rows);
}

export function speedMarkdown(results: SpeedResults): string {
  const header = ['labels', 'system', 'texts/s', 'p50 ms', 'p95 ms', 'tokens/text', 'throughput ratio', 'token ratio', 'share of token ratio', `target (>= ${Math.round(results.targetFraction * 100)}%)`];
  const rows = results.labelCounts.flatMap((entry) =>
    entry.systems.map((system, index) => [
      String(entry.numLabels),
      system.system,
      format(system.textsPerSecond, 1),
      format(system.latencyP50Ms, 1),
      format(system.latencyP95Ms, 1),
      format(system.tokensPerText, 1),
      index === 0 ? format(entry.ratios?.throughputRatio, 2) : '',
      index === 0 ? format(entry.ratios?.tokenRatio, 2) : '',
      index === 0 && entry.ratios ? `${(entry.ratios.fractionOfTokenRatio * 100).toFixed(0)}%` : '',
      index === 0 && entry.ratios ? (entry.ratios.meetsTarget ? 'met' : 'missed') : '',
    ]),
  );
  return table(header, rows);
}
