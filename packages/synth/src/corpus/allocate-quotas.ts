/** One corpus' claim in {@link allocateQuotas}. */
export interface QuotaRequest {
  name: string;
  /** Rows that can be used. */
  available: number;
  /** Relative share (> 0). */
  weight: number;
  /** Hard upper bound for this corpus (default: no bound besides `available`). */
  cap?: number;
}

/**
 * Splits `total` rows between corpora in proportion to their weights ("water filling"): a corpus
 * that cannot fill its share (too few rows, or its cap) gets what it has, and the rest is shared
 * out again among the others. Returns name -> rows; the sum is `min(total, sum of limits)`.
 */
export function allocateQuotas(requests: readonly QuotaRequest[], total: number): Map<string, number> {
  const limits = new Map(requests.map((request) => [request.name, Math.max(0, Math.floor(Math.min(request.available, request.cap ?? Infinity)))]));
  const quotas = new Map<string, number>();
  let open = requests.filter((request) => (limits.get(request.name) ?? 0) > 0 && request.weight > 0);
  let remaining = Math.max(0, Math.floor(total));
  for (;;) {
    const weightSum = open.reduce((sum, request) => sum + request.weight, 0);
    if (open.length === 0 || remaining === 0) break;
    const saturated = open.filter((request) => (limits.get(request.name) ?? 0) <= (remaining * request.weight) / weightSum);
    if (saturated.length === 0) {
      // Everyone left can take its share: floor, then hand out the remainder by largest fraction.
      const shares = open.map((request) => ({ name: request.name, exact: (remaining * request.weight) / weightSum }));
      let handed = 0;
      for (const share of shares) {
        quotas.set(share.name, Math.floor(share.exact));
        handed += Math.floor(share.exact);
      }
      shares.sort((left, right) => right.exact - Math.floor(right.exact) - (left.exact - Math.floor(left.exact)) || (left.name < right.name ? -1 : 1));
      for (const share of shares.slice(0, remaining - handed)) quotas.set(share.name, (quotas.get(share.name) ?? 0) + 1);
      remaining = 0;
      break;
    }
    for (const request of saturated) {
      const limit = limits.get(request.name) ?? 0;
      quotas.set(request.name, limit);
      remaining -= limit;
    }
    open = open.filter((request) => !saturated.includes(request));
  }
  for (const request of requests) if (!quotas.has(request.name)) quotas.set(request.name, 0);
  return quotas;
}
