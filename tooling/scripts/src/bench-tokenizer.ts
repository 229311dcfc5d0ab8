/**
 * Micro-benchmark of the label cache and batching: encodeBatch of 1,000 texts x the same 10 labels
 * against 1,000 independent encode() calls on a tokenizer without label cache (labels re-encoded for
 * every text, the uncached way), and, to separate the two effects, 1,000 encode() calls with the cache.
 * Prints pairs/s (text-label pairs encoded per second; median of the runs), the ratio, machine and versions.
 * Texts: the first 1,000 of one shared evaluation dataset (`--dataset`, default agnews: news
 * articles of ~50 tokens; banking77 gives short queries of ~15 tokens).
 * Usage (from the repository root): pnpm exec tsx --conditions=@gliznet/source tooling/scripts/src/bench-tokenizer.ts [--runs 7] [--vocabulary use-lite|bert-base-uncased] [--dataset agnews]
 */
import { createRequire } from 'node:module';
import { cpus, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { GliznetTokenizer, type BundledTokenizerName } from '@gliznet/tokenizer';
import { join } from 'node:path';
import { readDatasetTexts } from './read-dataset-texts.js';
import { sharedDirectory } from './repository-paths.js';

const { values } = parseArgs({
  options: { runs: { type: 'string', default: '7' }, vocabulary: { type: 'string', default: 'use-lite' }, dataset: { type: 'string', default: 'agnews' } },
});
const runs = Number(values.runs);
const vocabulary = values.vocabulary as BundledTokenizerName;
const TEXTS = 1000;
const labels = ['world news', 'sports', 'business', 'science and technology', 'health', 'entertainment', 'politics', 'travel', 'food and cooking', 'education'];

const texts = (await readDatasetTexts({ files: [`${values.dataset}.jsonl`], perFile: TEXTS, directory: join(sharedDirectory(), 'datasets') })).slice(0, TEXTS);
if (texts.length < TEXTS) throw new Error(`need ${TEXTS} dataset texts, found ${texts.length}`);

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

/** Wall-clock and process CPU seconds (all threads, native ones included) of one run. */
async function time(run: () => Promise<void>): Promise<{ wall: number; cpu: number }> {
  const cpuStart = process.cpuUsage();
  const start = performance.now();
  await run();
  const cpu = process.cpuUsage(cpuStart);
  return { wall: (performance.now() - start) / 1000, cpu: (cpu.user + cpu.system) / 1e6 };
}

interface Measurement {
  pairsPerSecond: number;
  pairsPerCpuSecond: number;
}

async function measure(name: string, prepare: () => Promise<GliznetTokenizer>, run: (tokenizer: GliznetTokenizer) => Promise<void>): Promise<Measurement> {
  const timings: { wall: number; cpu: number }[] = [];
  // One warm-up run on its own instance, then `runs` timed runs, each on a fresh tokenizer (empty cache).
  await run(await prepare());
  for (let index = 0; index < runs; index++) {
    const tokenizer = await prepare();
    timings.push(await time(() => run(tokenizer)));
  }
  const pairs = TEXTS * labels.length;
  const wall = median(timings.map((timing) => timing.wall));
  const cpu = median(timings.map((timing) => timing.cpu));
  const result = { pairsPerSecond: pairs / wall, pairsPerCpuSecond: pairs / cpu };
  console.log(
    `${name.padEnd(34)} wall ${(wall * 1000).toFixed(0).padStart(6)} ms ${result.pairsPerSecond.toFixed(0).padStart(8)} pairs/s | ` +
      `CPU ${(cpu * 1000).toFixed(0).padStart(6)} ms ${result.pairsPerCpuSecond.toFixed(0).padStart(8)} pairs/CPU-s  (wall runs: ${timings.map((timing) => (timing.wall * 1000).toFixed(0)).join(', ')} ms)`,
  );
  return result;
}

const require = createRequire(import.meta.url);
const tokenizersVersion = (require(require.resolve('tokenizers/package.json', { paths: [require.resolve('@gliznet/tokenizer')] })) as { version: string }).version;
console.log(`machine: ${cpus()[0]?.model ?? 'unknown CPU'} x ${cpus().length}, load average ${loadavg().map((value) => value.toFixed(2)).join(' ')} (CPU shared with other work)`);
const averageLength = (await (await GliznetTokenizer.bundled(vocabulary)).encodeTexts(texts)).reduce((sum, text) => sum + text.ids.length, 0) / TEXTS;
console.log(`node ${process.version}, tokenizers ${tokenizersVersion}, vocabulary ${vocabulary}, ${TEXTS} ${values.dataset} texts (${averageLength.toFixed(1)} tokens on average) x ${labels.length} labels, ${runs} runs`);

const batched = await measure('encodeBatch (label cache)', () => GliznetTokenizer.bundled(vocabulary), async (tokenizer) => {
  await tokenizer.encodeBatch(texts, labels);
});
const uncached = await measure('1,000 x encode, no label cache', () => GliznetTokenizer.bundled(vocabulary, { labelCacheSize: 0 }), async (tokenizer) => {
  for (const text of texts) await tokenizer.encode(text, labels);
});
const cachedLoop = await measure('1,000 x encode, label cache', () => GliznetTokenizer.bundled(vocabulary), async (tokenizer) => {
  for (const text of texts) await tokenizer.encode(text, labels);
});
const ratio = (a: Measurement, b: Measurement) => `${(a.pairsPerSecond / b.pairsPerSecond).toFixed(1)}x by wall time, ${(a.pairsPerCpuSecond / b.pairsPerCpuSecond).toFixed(1)}x by CPU time`;
console.log(`encodeBatch vs uncached encode loop: ${ratio(batched, uncached)}`);
console.log(`cached vs uncached encode loop (the cache alone): ${ratio(cachedLoop, uncached)}`);
