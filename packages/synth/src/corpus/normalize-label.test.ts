import { normalizeLabel } from '@gliznet/common';
import { describe, expect, it } from 'vitest';
import { corpusLabelName, textKey } from './normalize-label.js';

// The corpus builder's rules before they were built on @gliznet/common's normaliser: kept here so a
// change to the shared key cannot silently change the label names (and bytes) of corpus builds.
const before = {
  label: (label: string): string => label.normalize('NFKC').replace(/_/g, ' ').replace(/\s+/g, ' ').trim().toLowerCase(),
  text: (text: string): string => text.normalize('NFKC').trim().toLowerCase().replace(/\s+/g, ' '),
};

const samples = ['Find_Restaurants ', '  ＳＰＯＲＴＳ\t\nnews ', 'a\u00a0b\u2003c', 'fullwidth\uff3flow line', '__x__', 'İstanbul', 'ﬁnance', 'emoji 😀  ok', '', ' \t '];

describe('corpus label names', () => {
  it('are the shared label key after underscores become spaces', () => {
    expect(corpusLabelName('Find_Restaurants ')).toBe('find restaurants');
    for (const sample of samples) {
      expect(corpusLabelName(sample), JSON.stringify(sample)).toBe(before.label(sample));
      expect(corpusLabelName(sample)).toBe(normalizeLabel(corpusLabelName(sample))); // already a key
    }
  });

  it('compare texts by the same key', () => {
    for (const sample of samples) {
      expect(textKey(sample), JSON.stringify(sample)).toBe(before.text(sample));
      expect(textKey(sample)).toBe(normalizeLabel(sample));
    }
  });
});
