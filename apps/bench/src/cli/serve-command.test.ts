/** `pnpm bench serve` end to end on a tiny random model and a tiny dataset: short phases, every figure recorded. */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { captureIo } from '../testing/capture-io.js';
import { writeTinyDatasets, type TinyDatasets } from '../testing/tiny-datasets.js';
import { writeTinySdkModels, type TinySdkModels } from '../testing/tiny-sdk-models.js';
import { serveBenchCommand } from './serve-command.js';

describe('pnpm bench serve', () => {
  let directory: string;
  let models: TinySdkModels;
  let datasets: TinyDatasets;
  beforeAll(async () => {
    directory = await mkdtemp(join(tmpdir(), 'bench-serve-'));
    models = await writeTinySdkModels(join(directory, 'models'));
    datasets = await writeTinyDatasets(join(directory, 'data'));
  });
  afterAll(async () => {
    await rm(directory, { recursive: true, force: true });
  });

  it('measures in-process and server texts/s, latency quantiles and overload, and writes results.json', async () => {
    const io = captureIo();
    const out = join(directory, 'serve-run');
    const argv = ['--model', models.gliznet, '--texts-file', datasets.topics, '--texts', '6', '--labels', '5', '--threads', '1', '--clients', '4', '--duration', '1', '--warmup', '0.2', '--repetitions', '1', '--max-queue', '8', '--out', out];
    await serveBenchCommand(argv, io);
    const written = JSON.parse(await readFile(join(out, 'results.json'), 'utf8')) as {
      commandLine: string;
      settings: { labels: string[]; clients: number };
      versions: Record<string, string | null>;
      results: { inProcess: { textsPerSecond: number }; saturation: { ok: number; requests: number; latencyMs: { p50: number; p99: number } }; overload: { requests: number; statuses: Record<string, number> }; serverToInProcess: number; rounds: unknown[] };
    };
    expect(written.commandLine).toBe(`pnpm bench serve ${argv.join(' ')}`);
    expect(written.settings.labels).toEqual(['sports', 'politics', 'music', 'weather', 'travel']);
    expect(written.versions['fastify']).toMatch(/^5\./);
    expect(written.versions['undici']).toMatch(/^7\./);
    expect(written.results.inProcess.textsPerSecond).toBeGreaterThan(0);
    expect(written.results.saturation.ok).toBe(written.results.saturation.requests); // no errors at saturation
    expect(written.results.saturation.latencyMs.p99).toBeGreaterThanOrEqual(written.results.saturation.latencyMs.p50);
    expect(written.results.serverToInProcess).toBeGreaterThan(0);
    expect(written.results.rounds).toHaveLength(1);
    expect(written.results.overload.requests).toBeGreaterThan(0);
    expect(Object.keys(written.results.overload.statuses).every((status) => status === '200' || status === '503')).toBe(true);
    expect(io.output()).toMatch(/\| gliznet serve, 4 closed-loop clients \(saturation\) \|/);
  });
});
