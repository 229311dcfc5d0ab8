/**
 * The labels random negatives are drawn from: every label of the training records, and for each
 * record source (corpus) the labels it uses. A record's random negatives come from other sources
 * only: negatives from its own corpus are the builder's job (mined per corpus and per task, e.g.
 * tweeteval's six label sets), and a random draw from the same corpus could cross a task ("ironic"
 * as a negative of a hate-speech tweet) or hit an unlisted true label.
 */
import type { TrainingRecord } from '@gliznet/synth';

export class LabelPool {
  /** Every label of the records (positives and negatives), sorted. */
  readonly labels: readonly string[];
  private readonly bySource = new Map<string, Set<string>>();

  constructor(records: readonly TrainingRecord[]) {
    const all = new Set<string>();
    for (const record of records) {
      const own = record.source === undefined ? undefined : this.sourceSet(record.source);
      for (const label of [...record.labels, ...(record.negatives ?? [])]) {
        all.add(label);
        own?.add(label);
      }
    }
    this.labels = [...all].sort();
  }

  /** Whether `label` may be a random negative of `record` (not a label of the record's own source). */
  allowsRandom(record: Pick<TrainingRecord, 'source'>, label: string): boolean {
    return record.source === undefined || !(this.bySource.get(record.source)?.has(label) ?? false);
  }

  private sourceSet(source: string): Set<string> {
    let set = this.bySource.get(source);
    if (set === undefined) {
      set = new Set();
      this.bySource.set(source, set);
    }
    return set;
  }
}
