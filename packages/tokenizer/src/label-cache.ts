/**
 * A least-recently-used cache of label encodings, keyed by the exact label string (labels repeat
 * across texts, so they are tokenized once). Capacity 0 disables caching.
 */
import type { LabelEncoding } from './types.js';

export class LabelCache {
  private readonly entries = new Map<string, LabelEncoding>();

  constructor(readonly capacity: number) {}

  get size(): number {
    return this.entries.size;
  }

  get(label: string): LabelEncoding | undefined {
    const entry = this.entries.get(label);
    if (entry !== undefined) {
      // Re-insert to mark as most recently used (Map keeps insertion order).
      this.entries.delete(label);
      this.entries.set(label, entry);
    }
    return entry;
  }

  set(label: string, encoding: LabelEncoding): void {
    if (this.capacity <= 0) return;
    this.entries.delete(label);
    this.entries.set(label, encoding);
    while (this.entries.size > this.capacity) {
      const oldest = this.entries.keys().next();
      if (oldest.done === true) break;
      this.entries.delete(oldest.value);
    }
  }

  clear(): void {
    this.entries.clear();
  }
}
