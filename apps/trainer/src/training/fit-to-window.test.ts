import { describe, expect, it } from 'vitest';
import { GliznetTokenizer, bundledTokenizerPath } from '@gliznet/tokenizer';
import { fitToWindow } from './fit-to-window.js';

describe('fitToWindow', () => {
  it('drops negatives (last first) until the labels fit, keeps positives, and then encodes', async () => {
    const tokenizer = await GliznetTokenizer.fromFile(bundledTokenizerPath('use-lite'));
    const long = (topic: string): string => `search for ${topic} in the city on a certain date with friends`;
    const labels = ['flights', 'hotels', 'restaurants', 'buses', 'movies', 'concerts'].map(long);
    const example = { text: 'I need a table for two tonight', labels, targets: [0, 0, 1, 0, 0, 0] };
    await expect(tokenizer.encode(example.text, example.labels, { maxLength: 64 })).rejects.toThrow(/fit/);
    const { example: fitted, dropped } = await fitToWindow(tokenizer, example, { maxLength: 64 });
    expect(dropped).toBeGreaterThan(0);
    expect(fitted.labels).toContain(long('restaurants'));
    expect(fitted.targets.filter((target) => target === 1)).toHaveLength(1);
    expect(fitted.labels).toEqual(labels.slice(0, fitted.labels.length + 1).filter((label) => fitted.labels.includes(label)));
    const encoding = await tokenizer.encode(fitted.text, fitted.labels, { maxLength: 64 });
    expect(encoding.inputIds.length).toBeLessThanOrEqual(64);
    expect(encoding.numLabels).toBe(fitted.labels.length);
  });

  it('leaves an example that fits unchanged', async () => {
    const tokenizer = await GliznetTokenizer.fromFile(bundledTokenizerPath('use-lite'));
    const example = { text: 'hello there', labels: ['greeting', 'farewell'], targets: [1, 0] };
    expect(await fitToWindow(tokenizer, example, { maxLength: 64 })).toEqual({ example, dropped: 0 });
  });
});
