import type { Random } from '../random.js';
import type { CorpusRow } from './read-corpus.js';

/**
 * Picks `count` rows of one corpus. With `balance: 'labels'` rows are grouped by their rarest
 * positive label and drawn round-robin over the groups (rare labels keep all their rows, frequent
 * ones are thinned); with `'none'` a uniform random sample is taken. Deterministic given `random`.
 */
export function selectRows(rows: readonly CorpusRow[], count: number, random: Random, options: { balance: 'labels' | 'none' }): CorpusRow[] {
  if (count >= rows.length) return random.shuffle(rows.slice());
  if (options.balance === 'none') return random.sample(rows, count);
  const frequency = new Map<string, number>();
  for (const row of rows) for (const label of row.labels) frequency.set(label, (frequency.get(label) ?? 0) + 1);
  const groups = new Map<string, CorpusRow[]>();
  for (const row of rows) {
    let key = '';
    let keyFrequency = Infinity;
    for (const label of row.labels) {
      const value = frequency.get(label) ?? 0;
      if (value < keyFrequency) {
        key = label;
        keyFrequency = value;
      }
    }
    let group = groups.get(key);
    if (group === undefined) {
      group = [];
      groups.set(key, group);
    }
    group.push(row);
  }
  const queues = random.shuffle([...groups.values()].map((group) => random.shuffle(group.slice())));
  const selected: CorpusRow[] = [];
  for (let round = 0; selected.length < count; round += 1) {
    let took = false;
    for (const queue of queues) {
      const row = queue[round];
      if (row === undefined) continue;
      selected.push(row);
      took = true;
      if (selected.length === count) break;
    }
    if (!took) break;
  }
  return random.shuffle(selected);
}
