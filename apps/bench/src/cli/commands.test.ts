import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigurationError } from '@gliznet/common';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AccuracyResults, SpeedResults } from '../results/result-files.js';
import { captureIo } from '../testing/capture-io.js';
import { writeTinyDatasets, type TinyDatasets } from '../testing/tiny-datasets.js';
import { writeTinySdkModels, type TinySdkModels } from '../testing/tiny-sdk-models.js';
import { accuracyCommand } from './accuracy-command.js';
import { runCli } from './run-cli.js';
import { parseLabelCounts, speedCommand } from './speed-command.js';
import { resolveModelArgument } from './system-options.js';

describe('bench commands end to end on tiny random models', () => {
  let directory: string;
  let models: TinySdkModels;
  let datasets: TinyDatasets;
  beforeAll(async () => {
    directory = await mkdtemp(join(tmpdir(), 'bench-cli-'));
    models = await writeTinySdkModels(join(directory, 'models'));
    datasets = await writeTinyDatasets(join(directory, 'data'));
  });
  afterAll(async () => {
    await rm(directory, { recursive: true, force: true });
  });

  it('accuracy: every system on the same rows, results.json/csv and charts written, JSON on stdout', async () => {
    const io = captureIo();
    const out = join(directory, 'accuracy-run');
    const argv = ['--model', models.gliznet, '--baseline', models.crossEncoder, '--datasets', datasets.topics, datasets.moods, '--limit', '4', '--seed', '3', '--shuffle-labels', '--threads', '1', '--out', out, '--json'];
    await accuracyCommand(argv, io);
    const printed = JSON.parse(io.output()) as AccuracyResults;
    const written = JSON.parse(await readFile(join(out, 'results.json'), 'utf8')) as AccuracyResults;
    expect(written).toEqual(printed);
    expect(written.commandLine).toBe(`pnpm bench accuracy ${argv.join(' ')}`);
    expect(written.systems.map((system) => [system.name, system.kind])).toEqual([['gliznet', 'gliznet'], ['cross-encoder', 'cross-encoder']]);
    expect(written.environment.cpuCores).toBeGreaterThan(0);
    expect(written.environment.versions['onnxruntime-node']).toBe('1.30.0');
    expect(written.seed).toBe(3);
    const [topics, moods] = written.datasets;
    expect(topics!.rowsUsed).toBe(4);
    expect(topics!.rowsAvailable).toBe(6);
    expect(moods!.rowsUsed).toBe(4);
    for (const result of topics!.results) {
      expect(result.score.type).toBe('single-label');
      expect(result.shuffle?.topLabelChangedFraction).toBeGreaterThanOrEqual(0);
    }
    // A cross-encoder scores labels independently: shuffling them can never change its answer.
    expect(topics!.results[1]!.shuffle!.topLabelChangedFraction).toBe(0);
    for (const result of moods!.results) {
      expect(result.score.type).toBe('multi-label');
      if (result.score.type === 'multi-label') expect(result.score.threshold).toBe(0.5);
    }
    expect((await readdir(out)).sort()).toEqual(['accuracy.png', 'accuracy.svg', 'results.csv', 'results.json']);
    expect((await readFile(join(out, 'results.csv'), 'utf8')).trim().split('\n')).toHaveLength(5);
  });

  it('accuracy --compare-int8: the int8 file of the same model runs as a second system on the same rows', async () => {
    const io = captureIo();
    const out = join(directory, 'accuracy-int8');
    await accuracyCommand(['--model', models.gliznet, '--baseline', 'none', '--compare-int8', '--datasets', datasets.topics, '--limit', '3', '--threads', '1', '--out', out, '--json'], io);
    const results = JSON.parse(io.output()) as AccuracyResults;
    expect(results.systems.map((system) => [system.name, system.settings['quantized']])).toEqual([['gliznet', false], ['gliznet-int8', true]]);
    expect(results.systems[1]!.files.map((file) => file.path.endsWith('model_quantized.onnx'))).toContain(true);
    expect(results.datasets[0]!.results.map((result) => result.score.rows)).toEqual([3, 3]);
    await expect(accuracyCommand(['--model', models.gliznet, '--baseline', 'none', '--compare-int8', '--quantized', '--datasets', datasets.topics, '--out', join(directory, 'x')], captureIo())).rejects.toThrow(/drop --quantized/);
  });

  it('speed: both systems per label count, with the throughput and token-count ratios', async () => {
    const io = captureIo();
    const out = join(directory, 'speed-run');
    await speedCommand(['--model', models.gliznet, '--baseline', models.crossEncoder, '--labels', '4,1', '--texts', '3', '--texts-file', datasets.topics, '--repetitions', '2', '--warmup', '1', '--latency-texts', '2', '--threads', '1', '--out', out], io);
    expect(io.output()).toContain('| labels | system | texts/s');
    const results = JSON.parse(await readFile(join(out, 'results.json'), 'utf8')) as SpeedResults;
    expect(results.labelCounts.map((entry) => entry.numLabels)).toEqual([1, 4]);
    const [one, four] = results.labelCounts;
    expect(four!.labels.slice(0, 1)).toEqual(one!.labels);
    for (const entry of results.labelCounts) {
      expect(entry.systems.map((system) => system.system)).toEqual(['gliznet', 'cross-encoder']);
      for (const system of entry.systems) {
        expect(system.textsPerSecondRuns).toHaveLength(2);
        expect(system.latencySamplesMs).toHaveLength(2);
        expect(system.textsPerSecond).toBeGreaterThan(0);
        expect(system.latencyP95Ms).toBeGreaterThanOrEqual(system.latencyP50Ms);
      }
      const [gliznet, crossEncoder] = entry.systems;
      expect(entry.ratios!.throughputRatio).toBeCloseTo(gliznet!.textsPerSecond / crossEncoder!.textsPerSecond, 10);
      expect(entry.ratios!.tokenRatio).toBeCloseTo(crossEncoder!.tokensProcessed! / gliznet!.tokensProcessed!, 10);
    }
    // One label: the same sequence for both architectures.
    expect(one!.ratios!.tokenRatio).toBe(1);
    expect(four!.ratios!.tokenRatio).toBeGreaterThan(2);
    expect((await readdir(out)).filter((file) => file.endsWith('.png')).sort()).toEqual(['speed-latency.png', 'speed-ratio.png', 'speed-throughput.png']);
  });

  it('prints --help for every command and rejects unknown commands and flags', async () => {
    for (const command of ['accuracy', 'speed', 'train-speed', 'report']) {
      const io = captureIo();
      expect(await runCli([command, '--help'], io)).toBe(0);
      expect(io.output()).toContain(`Usage: pnpm bench ${command}`);
      expect(io.output()).toContain('--json');
    }
    const unknown = captureIo();
    expect(await runCli(['fly'], unknown)).toBe(2);
    expect(unknown.errors()).toContain('Unknown command "fly"');
    const badFlag = captureIo();
    expect(await runCli(['speed', '--labels', '1,x'], badFlag)).toBe(2);
    expect(badFlag.errors()).toContain('--labels must be a comma-separated list');
  });
});

describe('argument helpers', () => {
  it('parses label counts', () => {
    expect(parseLabelCounts('8, 1,2,8')).toEqual([1, 2, 8]);
    expect(() => parseLabelCounts('0,1')).toThrow(/positive integers/);
  });

  it('explains a missing default model and honours "none"', async () => {
    const missing = join(tmpdir(), 'no-such-model-directory');
    const error = await resolveModelArgument(undefined, { flag: 'model', defaultDirectory: missing, required: true }).catch((caught: unknown) => caught);
    expect(ConfigurationError.isInstance(error)).toBe(true);
    expect((error as Error).message).toMatch(/Pass --model <model dir>/);
    expect(await resolveModelArgument(undefined, { flag: 'baseline', defaultDirectory: missing, required: false })).toBeUndefined();
    expect(await resolveModelArgument('none', { flag: 'model', defaultDirectory: missing, required: true })).toBeUndefined();
    expect(await resolveModelArgument('some/dir', { flag: 'model', defaultDirectory: missing, required: true })).toMatch(/some\/dir$/);
  });
});
