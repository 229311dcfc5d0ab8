import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeRunFiles } from '../results/result-files.js';
import { fixtureAccuracyResults, fixtureSpeedResults } from '../testing/fixture-results.js';
import { replaceSection } from './benchmarks-document.js';
import { writeReport } from './run-report.js';

describe('benchmarks document sections', () => {
  it('replaces only the marked section and keeps everything around it', () => {
    const document = '# Title\n\nintro\n\n<!-- bench:speed:start -->\nold\n<!-- bench:speed:end -->\n\n## Trainer section\nkept\n';
    const updated = replaceSection(document, 'speed', 'new table');
    expect(updated).toBe('# Title\n\nintro\n\n<!-- bench:speed:start -->\nnew table\n<!-- bench:speed:end -->\n\n## Trainer section\nkept\n');
    expect(replaceSection(updated, 'speed', 'new table')).toBe(updated);
  });

  it('adds a missing section at the end, or before the first section', () => {
    expect(replaceSection('## Other\n', 'accuracy', 'body')).toBe('## Other\n\n<!-- bench:accuracy:start -->\nbody\n<!-- bench:accuracy:end -->\n');
    expect(replaceSection('# T\n\nopening\n\n## Other\n', 'intro', 'hello', { position: 'before-first-section' })).toBe(
      '# T\n\nopening\n\n<!-- bench:intro:start -->\nhello\n<!-- bench:intro:end -->\n\n## Other\n',
    );
    expect(replaceSection('# T\n', 'intro', 'hello', { position: 'before-first-section' })).toBe('# T\n\n<!-- bench:intro:start -->\nhello\n<!-- bench:intro:end -->\n');
  });

  it('refuses a start marker without its end marker', () => {
    expect(() => replaceSection('<!-- bench:speed:start -->\nbroken', 'speed', 'x')).toThrow(/no <!-- bench:speed:end -->/);
  });
});

describe('writeReport', () => {
  let directory: string;
  beforeEach(async () => {
    directory = await mkdtemp(join(tmpdir(), 'bench-report-'));
  });
  afterEach(async () => {
    await rm(directory, { recursive: true, force: true });
  });

  it('renders tables with command, machine and date, copies charts, and keeps other sections', async () => {
    const accuracyDirectory = join(directory, 'accuracy-run');
    const speedDirectory = join(directory, 'speed-run');
    await writeRunFiles(accuracyDirectory, fixtureAccuracyResults(), [{ name: 'accuracy', svg: '<svg/>', png: new Uint8Array([1]) }]);
    await writeRunFiles(speedDirectory, fixtureSpeedResults(), [{ name: 'speed-throughput', svg: '<svg/>', png: new Uint8Array([2]) }]);
    const documentPath = join(directory, 'docs', 'benchmarks.md');
    const imagesDirectory = join(directory, 'docs', 'images');
    await writeReport({ documentPath, imagesDirectory });
    let document = await readFile(documentPath, 'utf8');
    expect(document).toContain('No accuracy results yet');
    expect(document).toContain('No speed results yet');
    await writeFile(documentPath, `${document}\n## Training throughput (trainer)\nsomeone else's table\n`);

    const summary = await writeReport({ documentPath, imagesDirectory, accuracyDirectory, speedDirectory });
    expect(summary.sections).toEqual(['intro', 'accuracy', 'speed']);
    expect((await readdir(imagesDirectory)).sort()).toEqual(['bench-accuracy.png', 'bench-accuracy.svg', 'bench-speed-throughput.png', 'bench-speed-throughput.svg']);
    document = await readFile(documentPath, 'utf8');
    expect(document.startsWith('# Benchmarks\n\n<!-- bench:intro:start -->\n## GliZNet against its baselines')).toBe(true);
    expect(document).toContain("## Training throughput (trainer)\nsomeone else's table");
    expect(document).not.toContain('No accuracy results yet');
    expect(document).toContain('| agnews | 10 | gliznet | 0.900 | 0.850 | – | – | 10.0% |');
    expect(document).toContain('| situation (multi-label) | 10 | bi-encoder | – | 0.300 | 0.400 @ 0.35 | 0.25: 0.450 | – |');
    expect(document).toContain('| 64 | gliznet | 40.0 | 25.0 | 30.0 | 50.0 | 20.00 | 30.00 | 67% | missed |');
    expect(document).toContain('- Command: `pnpm bench accuracy --limit 10`');
    expect(document).toContain('- Machine: Test CPU @ 2.0GHz, 2 cores, 24 GiB, Linux 6.1.0, Node v20.20.0');
    expect(document).toContain('- Date: 2026-11-27 08:10 UTC');
    expect(document).toContain('![Accuracy per dataset and system](images/bench-accuracy.png)');
    // Rewriting again changes nothing and duplicates nothing.
    await writeReport({ documentPath, imagesDirectory, accuracyDirectory, speedDirectory });
    expect(await readFile(documentPath, 'utf8')).toBe(document);
    expect(document.match(/bench:accuracy:start/g)).toHaveLength(1);
  });

  it('renders the full-test-set run in its own section with its own chart names', async () => {
    const fullDirectory = join(directory, 'full-run');
    await writeRunFiles(fullDirectory, fixtureAccuracyResults(), [{ name: 'accuracy', svg: '<svg/>', png: new Uint8Array([3]) }]);
    const documentPath = join(directory, 'benchmarks.md');
    const imagesDirectory = join(directory, 'images');
    const summary = await writeReport({ documentPath, imagesDirectory, fullTestSetsDirectory: fullDirectory });
    expect(summary.sections).toEqual(['intro', 'accuracy (placeholder)', 'full-test-sets', 'speed (placeholder)']);
    expect((await readdir(imagesDirectory)).sort()).toEqual(['bench-full-accuracy.png', 'bench-full-accuracy.svg']);
    const document = await readFile(documentPath, 'utf8');
    expect(document).toContain('<!-- bench:full-test-sets:start -->\n## Default model on the full test sets');
    expect(document).toContain('![Accuracy on the full test sets](images/bench-full-accuracy.png)');
    expect(document).toContain('| agnews | 10 | gliznet | 0.900 | 0.850 | – | – | 10.0% |');
    const speedDirectory = join(directory, 'speed-run');
    await writeRunFiles(speedDirectory, fixtureSpeedResults(), []);
    await expect(writeReport({ documentPath, imagesDirectory, fullTestSetsDirectory: speedDirectory })).rejects.toThrow(/--full-test-sets needs a directory written by/);
  });

  it('refuses a speed directory given as accuracy', async () => {
    const speedDirectory = join(directory, 'speed-run');
    await writeRunFiles(speedDirectory, fixtureSpeedResults(), []);
    await expect(writeReport({ documentPath: join(directory, 'b.md'), imagesDirectory: join(directory, 'i'), accuracyDirectory: speedDirectory })).rejects.toThrow(/holds speed results/);
  });
});
