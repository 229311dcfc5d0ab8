/** Test helper: small but complete accuracy and speed results, as the commands write them. */
import type { AccuracyResults, SpeedResults } from '../results/result-files.js';
import type { RunEnvironment } from '../results/run-environment.js';
import type { SystemDescription } from '../systems/zero-shot-system.js';

export const FIXTURE_ENVIRONMENT: RunEnvironment = {
  os: 'Linux 6.1.0',
  arch: 'x64',
  cpuModel: 'Test CPU @ 2.0GHz',
  cpuCores: 2,
  memoryBytes: 24 * 2 ** 30,
  loadAverage: [1.5, 1.2, 1],
  node: 'v20.20.0',
  versions: { 'onnxruntime-node': '1.30.0' },
  gitCommit: '0123456789abcdef',
  gitDirty: false,
};

function system(name: string, kind: SystemDescription['kind']): SystemDescription {
  return { name, kind, source: `/models/${name}`, threshold: 0.5, thresholdSource: 'config', settings: { threads: 2 }, files: [{ path: `/models/${name}/onnx/model.onnx`, sha256: 'ab'.repeat(32), bytes: 10 }] };
}

export function fixtureAccuracyResults(): AccuracyResults {
  return {
    command: 'accuracy',
    commandLine: 'pnpm bench accuracy --limit 10',
    startedAt: '2026-11-27T08:00:00.000Z',
    finishedAt: '2026-11-27T08:05:00.000Z',
    seed: 1,
    environment: FIXTURE_ENVIRONMENT,
    systems: [system('gliznet', 'gliznet'), system('bi-encoder', 'bi-encoder')],
    settings: { limit: 10 },
    files: [],
    datasets: [
      {
        name: 'agnews',
        path: '/data/agnews.jsonl',
        multiLabel: false,
        labels: ['world', 'sports'],
        rowsAvailable: 100,
        rowsUsed: 10,
        results: [
          { system: 'gliznet', seconds: 1, score: { type: 'single-label', rows: 10, accuracy: 0.9, macroF1: 0.85, macroPrecision: 0.8, macroRecall: 0.9 }, shuffle: { seed: 1, topLabelChangedFraction: 0.1, score: { type: 'single-label', rows: 10, accuracy: 0.8, macroF1: 0.8, macroPrecision: 0.8, macroRecall: 0.8 } } },
          { system: 'bi-encoder', seconds: 2, score: { type: 'single-label', rows: 10, accuracy: 0.7, macroF1: 0.65, macroPrecision: 0.6, macroRecall: 0.7 } },
        ],
      },
      {
        name: 'situation',
        path: '/data/situation.jsonl',
        multiLabel: true,
        labels: ['food', 'water'],
        rowsAvailable: 100,
        rowsUsed: 10,
        results: [
          { system: 'gliznet', seconds: 1, score: { type: 'multi-label', rows: 10, threshold: 0.5, microF1: 0.6, macroF1: 0.55, subsetAccuracy: 0.3, oracleThreshold: 0.35, oracleMicroF1: 0.65, oracleMacroF1: 0.6 } },
          { system: 'bi-encoder', seconds: 2, score: { type: 'multi-label', rows: 10, threshold: 0.35, microF1: 0.4, macroF1: 0.3, subsetAccuracy: 0.1, oracleThreshold: 0.25, oracleMicroF1: 0.45, oracleMacroF1: 0.35 } },
        ],
      },
    ],
  };
}

export function fixtureSpeedResults(): SpeedResults {
  const entry = (numLabels: number, gliznetRate: number, crossRate: number, tokenRatio: number) => {
    const throughputRatio = gliznetRate / crossRate;
    return {
      numLabels,
      labels: Array.from({ length: numLabels }, (_, index) => `label ${index}`),
      systems: [
        { system: 'gliznet', kind: 'gliznet' as const, textsPerSecond: gliznetRate, textsPerSecondRuns: [gliznetRate], latencyP50Ms: 1000 / gliznetRate, latencyP95Ms: 1200 / gliznetRate, latencySamplesMs: [1000 / gliznetRate], tokensProcessed: 100, tokensPerText: 50 },
        { system: 'cross-encoder', kind: 'cross-encoder' as const, textsPerSecond: crossRate, textsPerSecondRuns: [crossRate], latencyP50Ms: 1000 / crossRate, latencyP95Ms: 1200 / crossRate, latencySamplesMs: [1000 / crossRate], tokensProcessed: 100 * tokenRatio, tokensPerText: 50 * tokenRatio },
      ],
      ratios: { throughputRatio, tokenRatio, fractionOfTokenRatio: throughputRatio / tokenRatio, meetsTarget: throughputRatio / tokenRatio >= 0.8 },
    };
  };
  return {
    command: 'speed',
    commandLine: 'pnpm bench speed --labels 1,8,64',
    startedAt: '2026-11-27T08:00:00.000Z',
    finishedAt: '2026-11-27T08:10:00.000Z',
    seed: 1,
    environment: FIXTURE_ENVIRONMENT,
    systems: [system('gliznet', 'gliznet'), system('cross-encoder', 'cross-encoder')],
    settings: { texts: 2, repetitions: 3, batchSize: null },
    files: [],
    targetFraction: 0.8,
    labelCounts: [entry(1, 100, 100, 1), entry(8, 90, 15, 7), entry(64, 40, 2, 30)],
  };
}
