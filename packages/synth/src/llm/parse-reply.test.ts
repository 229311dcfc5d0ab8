import { describe, expect, it } from 'vitest';
import { parseSynthesisReply } from './parse-reply.js';
import { parseRetryAfter } from './provider.js';

const good = {
  labels: ['Sports', 'Finance', 'Health'],
  texts: [
    { text: 'The match ended 2-1.', positives: ['Sports'], negatives: ['Health'] },
    { text: 'Stocks fell.', positives: ['finance'], negatives: ['sports'] },
  ],
};

describe('parseSynthesisReply', () => {
  it('accepts plain, fenced and prose-wrapped JSON, normalising labels', () => {
    for (const content of [JSON.stringify(good), `\`\`\`json\n${JSON.stringify(good)}\n\`\`\``, `Here you go: ${JSON.stringify(good)} Enjoy!`]) {
      const check = parseSynthesisReply(content, { maxTexts: 5 });
      expect(check.ok).toBe(true);
      if (!check.ok) continue;
      expect(check.reply.records).toEqual([
        { text: 'The match ended 2-1.', labels: ['sports'], negatives: ['health'] },
        { text: 'Stocks fell.', labels: ['finance'], negatives: ['sports'] },
      ]);
      // finance is never a negative, health never a positive.
      expect(check.reply.crossRoleViolations).toBe(2);
    }
  });

  it('rejects replies that break the schema, with the reason', () => {
    const reason = (value: unknown): string => {
      const check = parseSynthesisReply(typeof value === 'string' ? value : JSON.stringify(value), { maxTexts: 5 });
      return check.ok ? 'ok' : check.reason;
    };
    expect(reason('no json here')).toMatch(/^reply is not JSON/);
    expect(reason([1])).toBe('reply is not a JSON object');
    expect(reason({ ...good, labels: ['one'] })).toBe('the label pool has fewer than 2 labels');
    expect(reason({ ...good, texts: [] })).toBe('"texts" must be a non-empty array');
    expect(reason({ ...good, texts: [{ text: 'x', positives: [], negatives: [] }] })).toBe('texts[0] has no positive label');
    expect(reason({ ...good, texts: [{ text: 'x', positives: ['Cooking'], negatives: [] }] })).toBe(
      'texts[0] uses "cooking", which is not in the label pool',
    );
    expect(reason({ ...good, texts: [{ text: 'x', positives: ['Sports'], negatives: ['sports'] }] })).toBe(
      'texts[0] lists "sports" as both positive and negative',
    );
  });

  it('keeps at most maxTexts texts', () => {
    const check = parseSynthesisReply(JSON.stringify(good), { maxTexts: 1 });
    expect(check.ok && check.reply.records.length).toBe(1);
  });
});

describe('parseRetryAfter', () => {
  const headers = (values: Record<string, string>) => ({ get: (name: string) => values[name] ?? null });
  it('reads retry-after-ms, seconds and HTTP dates', () => {
    expect(parseRetryAfter(headers({ 'retry-after-ms': '250' }))).toBe(250);
    expect(parseRetryAfter(headers({ 'retry-after': '2' }))).toBe(2000);
    expect(parseRetryAfter(headers({ 'retry-after': new Date(10_000).toUTCString() }), 4000)).toBe(6000);
    expect(parseRetryAfter(headers({}))).toBeUndefined();
  });
});
