import { describe, expect, it } from 'vitest';
import { computeDatasetStats, formatDatasetStats } from './dataset-stats.js';

describe('computeDatasetStats', () => {
  const stats = computeDatasetStats([
    { text: 'Hello  world', labels: ['greeting'], negatives: ['farewell', 'spam'], source: 'a' },
    { text: 'hello world', labels: ['greeting', 'chat'], negatives: ['spam'], source: 'a' },
    { text: 'bye', labels: ['farewell'], source: 'b' },
    { text: 'nothing here', labels: [], negatives: ['greeting'] },
  ]);

  it('counts labels, negatives, sources and duplicates', () => {
    expect(stats.records).toBe(4);
    expect(stats.duplicateTexts).toBe(1);
    expect(stats.labelCounts).toEqual({ greeting: 2, chat: 1, farewell: 1 });
    expect(stats.negativeCounts).toEqual({ spam: 2, farewell: 1, greeting: 1 });
    expect(stats.positiveOnlyLabels).toEqual(['chat']);
    expect(stats.sources).toEqual({ a: 2, '(none)': 1, b: 1 });
    expect(stats.recordsWithoutPositives).toBe(1);
    expect(stats.distinctLabelsIncludingNegatives).toBe(4);
  });

  it('summarises lengths and per-record counts', () => {
    expect(stats.textLength.min).toBe(3);
    expect(stats.textLength.max).toBe(12);
    expect(stats.positivesPerRecord.histogram).toEqual({ '0': 1, '1': 2, '2': 1 });
    expect(stats.negativesPerRecord.mean).toBe(1);
  });

  it('formats a readable table', () => {
    const text = formatDatasetStats(stats);
    expect(text).toContain('records: 4   duplicate texts: 1');
    expect(text).toMatch(/positives\s+0\s+1\s+1\s+1\s+2/);
    expect(text).toMatch(/greeting\s+2\s+1/);
  });
});
