/**
 * The speed benchmark. For each label count, the systems run interleaved in one process (A, B,
 * then B, A on the next repetition) after a warm-up, on the same texts and labels:
 * - throughput: all texts classified in batches, repeated; the median texts/s is reported;
 * - latency: one text at a time (batch 1), systems alternating text by text; p50 / p95 per text;
 * - tokens: what each system's transformer processes (GliZNet: its joint sequences, one per label
 *   chunk; cross-encoder: the sum over (text, label) pairs).
 * The GliZNet / cross-encoder throughput ratio is compared with the token-count ratio
 * (cross-encoder tokens / GliZNet tokens): the speed target is reaching 80% of it.
 */
import type { ZeroShotSystem } from '../systems/zero-shot-system.js';
import { takeLabels } from './label-pool.js';
import { median, quantile } from './statistics.js';

/** Share of the token-count ratio GliZNet's throughput advantage must reach. */
export const SPEED_TARGET_FRACTION = 0.8;

export interface SpeedRunOptions {
  labelCounts: readonly number[];
  /** Texts of the throughput runs. */
  texts: readonly string[];
  /** Ordered pool; label count n uses its first n labels. */
  labelPool: readonly string[];
  /** Throughput repetitions per system and label count. Default 3. */
  repetitions?: number;
  /** Texts classified once per system before measuring. Default 4. */
  warmupTexts?: number;
  /** Texts timed one at a time for latency. Default 8. */
  latencyTexts?: number;
  onProgress?: (event: { numLabels: number; phase: 'warm-up' | 'throughput' | 'latency' | 'tokens'; system: string }) => void;
}

export interface SystemSpeed {
  system: string;
  kind: ZeroShotSystem['kind'];
  /** Median over repetitions. */
  textsPerSecond: number;
  /** Texts/s of each repetition. */
  textsPerSecondRuns: number[];
  latencyP50Ms: number;
  latencyP95Ms: number;
  latencySamplesMs: number[];
  /** Tokens processed for all throughput texts, when the system reports them. */
  tokensProcessed: number | null;
  tokensPerText: number | null;
}

export interface SpeedRatios {
  /** GliZNet texts/s divided by cross-encoder texts/s. */
  throughputRatio: number;
  /** Cross-encoder tokens divided by GliZNet tokens. */
  tokenRatio: number;
  /** throughputRatio / tokenRatio. */
  fractionOfTokenRatio: number;
  /** fractionOfTokenRatio >= SPEED_TARGET_FRACTION. */
  meetsTarget: boolean;
}

export interface LabelCountSpeed {
  numLabels: number;
  labels: string[];
  systems: SystemSpeed[];
  /** Present when a GliZNet and a cross-encoder system both ran. */
  ratios: SpeedRatios | null;
}

async function timeMs(action: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await action();
  return performance.now() - started;
}

/** Orders the systems A, B, ... on even rounds and ..., B, A on odd ones. */
function interleaved<T>(items: readonly T[], round: number): T[] {
  return round % 2 === 0 ? [...items] : [...items].reverse();
}

/** Ratios between the first GliZNet and the first cross-encoder system, when both are present. */
export function speedRatios(systems: readonly SystemSpeed[]): SpeedRatios | null {
  const gliznet = systems.find((system) => system.kind === 'gliznet');
  const crossEncoder = systems.find((system) => system.kind === 'cross-encoder');
  if (gliznet === undefined || crossEncoder === undefined || gliznet.tokensProcessed === null || crossEncoder.tokensProcessed === null) return null;
  const throughputRatio = gliznet.textsPerSecond / crossEncoder.textsPerSecond;
  const tokenRatio = crossEncoder.tokensProcessed / gliznet.tokensProcessed;
  const fractionOfTokenRatio = throughputRatio / tokenRatio;
  return { throughputRatio, tokenRatio, fractionOfTokenRatio, meetsTarget: fractionOfTokenRatio >= SPEED_TARGET_FRACTION };
}

export async function runSpeed(systems: readonly ZeroShotSystem[], options: SpeedRunOptions): Promise<LabelCountSpeed[]> {
  const repetitions = options.repetitions ?? 3;
  const warmupTexts = options.texts.slice(0, options.warmupTexts ?? 4);
  const latencyTexts = options.texts.slice(0, options.latencyTexts ?? 8);
  const results: LabelCountSpeed[] = [];
  for (const numLabels of options.labelCounts) {
    const labels = takeLabels(options.labelPool, numLabels);
    const labelsFor = (count: number): string[][] => Array.from({ length: count }, () => labels);
    const runs = new Map<ZeroShotSystem, number[]>(systems.map((system) => [system, []]));
    const latencies = new Map<ZeroShotSystem, number[]>(systems.map((system) => [system, []]));
    for (const system of systems) {
      options.onProgress?.({ numLabels, phase: 'warm-up', system: system.name });
      await system.classify(warmupTexts, labelsFor(warmupTexts.length), { multiLabel: false });
    }
    for (let repetition = 0; repetition < repetitions; repetition++) {
      for (const system of interleaved(systems, repetition)) {
        options.onProgress?.({ numLabels, phase: 'throughput', system: system.name });
        const milliseconds = await timeMs(() => system.classify(options.texts, labelsFor(options.texts.length), { multiLabel: false }));
        runs.get(system)!.push(options.texts.length / (milliseconds / 1000));
      }
    }
    for (const [index, text] of latencyTexts.entries()) {
      for (const system of interleaved(systems, index)) {
        if (index === 0) options.onProgress?.({ numLabels, phase: 'latency', system: system.name });
        latencies.get(system)!.push(await timeMs(() => system.classify([text], [labels], { multiLabel: false })));
      }
    }
    const systemSpeeds: SystemSpeed[] = [];
    for (const system of systems) {
      options.onProgress?.({ numLabels, phase: 'tokens', system: system.name });
      const tokens = system.tokensProcessed === undefined ? null : await system.tokensProcessed(options.texts, labelsFor(options.texts.length));
      const samples = latencies.get(system)!;
      systemSpeeds.push({
        system: system.name,
        kind: system.kind,
        textsPerSecond: median(runs.get(system)!),
        textsPerSecondRuns: runs.get(system)!,
        latencyP50Ms: median(samples),
        latencyP95Ms: quantile(samples, 0.95),
        latencySamplesMs: samples,
        tokensProcessed: tokens,
        tokensPerText: tokens === null ? null : tokens / options.texts.length,
      });
    }
    results.push({ numLabels, labels, systems: systemSpeeds, ratios: speedRatios(systemSpeeds) });
  }
  return results;
}
