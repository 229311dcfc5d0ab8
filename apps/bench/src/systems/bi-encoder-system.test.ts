import { describe, expect, it } from 'vitest';
import { BI_ENCODER_COSINE_THRESHOLD, loadBiEncoderSystem } from './bi-encoder-system.js';

describe('bi-encoder baseline (pretrained USE-Lite)', () => {
  it('ranks the matching label first by cosine similarity, with label embeddings cached', async () => {
    const system = await loadBiEncoderSystem({ threads: 1 });
    try {
      const labels = ['sports', 'cooking', 'stock market'];
      const [football, recipe] = await system.classify(
        ['The football team won the championship match last night.', 'Stir the flour into the melted butter and bake for twenty minutes.'],
        [labels, labels],
        { multiLabel: false },
      );
      expect(football!.indexOf(Math.max(...football!))).toBe(0);
      expect(recipe!.indexOf(Math.max(...recipe!))).toBe(1);
      for (const score of [...football!, ...recipe!]) expect(Math.abs(score)).toBeLessThanOrEqual(1 + 1e-5);
      // Same text, labels in another order: the same cosines, moved with their labels.
      const [reordered] = await system.classify(['The football team won the championship match last night.'], [['stock market', 'sports', 'cooking']], { multiLabel: true });
      expect(reordered![1]).toBeCloseTo(football![0]!, 5);
      expect(reordered![0]).toBeCloseTo(football![2]!, 5);
      const description = system.describe();
      expect(description.threshold).toBe(BI_ENCODER_COSINE_THRESHOLD);
      expect(description.files[0]!.path).toMatch(/model\.json$/);
      expect(description.files.length).toBeGreaterThan(1);
    } finally {
      await system.dispose();
    }
  });
});
