import { generateSynthetic, type GenerateSyntheticOptions, type SynthesisReport } from '../llm/generate-synthetic.js';
import { createProgressRenderer, type CommandOutput } from './progress-renderer.js';

/** Parsed options of `data generate` (the trainer's CLI parses flags into this). */
export interface GenerateCommandOptions extends Omit<GenerateSyntheticOptions, 'onProgress'> {
  /** Print the report as JSON on stdout instead of the readable summary. */
  json?: boolean;
}

function summary(report: SynthesisReport): string {
  const run = report.run;
  const lines = [
    `output: ${report.outFile} (${report.cumulative.records} records over all runs, ${run.records} this run)`,
    `provider: ${report.provider} ${report.model} at ${report.baseUrl}`,
    `batches: ${report.batches.total} total, ${report.batches.alreadyDone} already done, ${report.batches.completedThisRun} completed, ${report.batches.skippedThisRun} skipped, ${report.batches.remaining} remaining`,
    `requests: ${run.requests} (${run.retries} retries, ${run.failedRequests} failed, ${run.invalidReplies} invalid replies, ${run.rateLimited} rate-limited, ${run.timeouts} timeouts)`,
    `tokens: ${run.promptTokens} prompt + ${run.completionTokens} completion this run`,
    `cross-role: ${run.crossRoleViolations} pool labels not used both ways`,
    `time: ${(report.durationMs / 1000).toFixed(1)} s`,
  ];
  if (report.batches.remaining > 0) lines.push('Run the same command again to generate the remaining batches.');
  return `${lines.join('\n')}\n`;
}

/**
 * `data generate`: LLM synthesis with a progress display on stderr and a summary (or the JSON
 * report) on stdout. Aborting `options.signal` (e.g. on Ctrl-C) cancels the requests in flight; finished batches stay.
 */
export async function runGenerateCommand(
  options: GenerateCommandOptions,
  output: CommandOutput = { stdout: process.stdout, stderr: process.stderr },
): Promise<SynthesisReport> {
  const progress = createProgressRenderer(output.stderr);
  const { json, ...rest } = options;
  const report = await generateSynthetic({
    ...rest,
    onProgress: (event) => {
      if (event.type === 'start') {
        if (event.alreadyDone > 0) progress.message(`resuming: ${event.alreadyDone}/${event.totalBatches} batches already in ${options.outFile}`);
        if (event.droppedPartialBytes > 0 || event.droppedIncompleteRecords > 0) {
          progress.message(`repaired an interrupted write: dropped ${event.droppedPartialBytes} bytes of a partial line and ${event.droppedIncompleteRecords} records of an incomplete batch`);
        }
      } else if (event.type === 'retry') {
        progress.message(`retry ${event.key} (attempt ${event.attempt}) in ${event.delayMs} ms: ${event.reason}`);
      } else {
        if (event.status === 'skipped') progress.message(`skipped ${event.key}: ${event.reason ?? ''}`);
        progress.update('batches', event.completedBatches, event.totalBatches, event.skippedBatches > 0 ? `(${event.skippedBatches} skipped)` : undefined);
      }
    },
  });
  progress.finish();
  output.stdout.write(json === true ? `${JSON.stringify(report, null, 2)}\n` : summary(report));
  return report;
}
