import { readFile } from 'node:fs/promises';

/** Counters of a synthesis run. */
export interface SynthesisTotals {
  /** Requests sent (including retries). */
  requests: number;
  /** Requests that failed at the HTTP / network level. */
  failedRequests: number;
  /** Replies that were not valid JSON of the expected shape. */
  invalidReplies: number;
  rateLimited: number;
  timeouts: number;
  retries: number;
  completedBatches: number;
  /** Batches given up after every attempt (generated again by a later run). */
  skippedBatches: number;
  records: number;
  promptTokens: number;
  completionTokens: number;
  /** Pool labels that were not both a positive and a negative in their batch. */
  crossRoleViolations: number;
}

/** All counters at zero. */
export function emptyTotals(): SynthesisTotals {
  return {
    requests: 0,
    failedRequests: 0,
    invalidReplies: 0,
    rateLimited: 0,
    timeouts: 0,
    retries: 0,
    completedBatches: 0,
    skippedBatches: 0,
    records: 0,
    promptTokens: 0,
    completionTokens: 0,
    crossRoleViolations: 0,
  };
}

/** Counter-wise sum. */
export function addTotals(left: SynthesisTotals, right: SynthesisTotals): SynthesisTotals {
  const sum = emptyTotals();
  for (const key of Object.keys(sum) as (keyof SynthesisTotals)[]) sum[key] = left[key] + right[key];
  return sum;
}

/** Counters saved in a state file by earlier runs (zeros when there is none). */
export async function readPreviousTotals(stateFile: string): Promise<SynthesisTotals> {
  try {
    const parsed = JSON.parse(await readFile(stateFile, 'utf8')) as { totals?: Partial<SynthesisTotals> };
    const totals = emptyTotals();
    for (const key of Object.keys(totals) as (keyof SynthesisTotals)[]) {
      const value = parsed.totals?.[key];
      if (typeof value === 'number') totals[key] = value;
    }
    return totals;
  } catch {
    return emptyTotals();
  }
}
