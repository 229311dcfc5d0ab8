/** `pnpm bench report`: rewrites the bench sections of docs/benchmarks.md from result directories. */
import { relative, resolve } from 'node:path';
import { InvalidArgumentError, formatHelp, parseCommandLine, type CommandSpec } from '@gliznet/common';
import { BENCHMARKS_DOCUMENT, BENCHMARKS_IMAGES_DIRECTORY, DEFAULT_RESULTS_DIRECTORY, repositoryRoot } from '../paths.js';
import { latestRunDirectory } from '../results/output-directory.js';
import { writeReport, type ReportSummary } from '../report/run-report.js';
import type { CommandIo } from './command-io.js';

export const REPORT_SPEC: CommandSpec = {
  name: 'pnpm bench report',
  summary: 'Renders accuracy and speed results into docs/benchmarks.md (only its bench:* sections) and copies the charts to docs/images/.',
  options: {
    accuracy: { type: 'string', placeholder: '<dir>', description: 'accuracy result directory (default: the latest bench-results/accuracy-*)' },
    speed: { type: 'string', placeholder: '<dir>', description: 'speed result directory (default: the latest bench-results/speed-*)' },
    'full-test-sets': { type: 'string', placeholder: '<dir>', description: 'accuracy run of the default model on every row (--compare-int8 --shuffle-labels), for its own section (default: left as it is)' },
    'skip-accuracy': { type: 'boolean', default: false, description: 'leave the accuracy section as it is' },
    'skip-speed': { type: 'boolean', default: false, description: 'leave the speed section as it is' },
    document: { type: 'string', placeholder: '<file.md>', description: `document to rewrite (default ${relative(repositoryRoot, BENCHMARKS_DOCUMENT)})` },
    images: { type: 'string', placeholder: '<dir>', description: `where charts are copied (default ${relative(repositoryRoot, BENCHMARKS_IMAGES_DIRECTORY)})` },
    results: { type: 'string', placeholder: '<dir>', description: `where to look for the latest runs (default ${relative(repositoryRoot, DEFAULT_RESULTS_DIRECTORY)})` },
    json: { type: 'boolean', default: false, description: 'print what was written as JSON' },
  },
  examples: ['pnpm bench report', 'pnpm bench report --accuracy bench-results/accuracy-20261127-081500 --skip-speed'],
};

export async function reportCommand(argv: readonly string[], io: CommandIo): Promise<ReportSummary | undefined> {
  const parsed = parseCommandLine(argv, REPORT_SPEC);
  if (parsed.help) {
    io.stdout.write(formatHelp(REPORT_SPEC));
    return undefined;
  }
  if (parsed.positionals.length > 0) throw new InvalidArgumentError('argv', `unexpected argument(s) ${parsed.positionals.join(' ')}`);
  const values = parsed.values;
  const resultsRoot = typeof values['results'] === 'string' ? resolve(values['results']) : DEFAULT_RESULTS_DIRECTORY;
  const pick = async (flag: 'accuracy' | 'speed'): Promise<string | undefined> => {
    if (values[`skip-${flag}`] === true) return undefined;
    const given = values[flag];
    return typeof given === 'string' ? resolve(given) : latestRunDirectory(resultsRoot, flag);
  };
  const accuracyDirectory = await pick('accuracy');
  const speedDirectory = await pick('speed');
  const summary = await writeReport({
    documentPath: typeof values['document'] === 'string' ? resolve(values['document']) : BENCHMARKS_DOCUMENT,
    imagesDirectory: typeof values['images'] === 'string' ? resolve(values['images']) : BENCHMARKS_IMAGES_DIRECTORY,
    ...(accuracyDirectory === undefined ? {} : { accuracyDirectory }),
    ...(speedDirectory === undefined ? {} : { speedDirectory }),
    ...(typeof values['full-test-sets'] === 'string' ? { fullTestSetsDirectory: resolve(values['full-test-sets']) } : {}),
  });
  if (values['json'] === true) io.stdout.write(`${JSON.stringify({ ...summary, accuracyDirectory: accuracyDirectory ?? null, speedDirectory: speedDirectory ?? null }, null, 2)}\n`);
  else io.stdout.write(`Rewrote sections: ${summary.sections.join(', ')}\nCharts: ${summary.images.length === 0 ? 'none' : summary.images.join(', ')}\n`);
  return summary;
}
