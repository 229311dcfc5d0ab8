import { describe, expect, it } from 'vitest';
import { describeProgress, ProgressReporter } from './progress.js';

function recorder(isTTY: boolean) {
  const writes: string[] = [];
  return { writes, stream: { isTTY, columns: 100, write: (text: string) => writes.push(text) } };
}

describe('ProgressReporter', () => {
  it('redraws a bar on a terminal, throttled', () => {
    let time = 0;
    const { writes, stream } = recorder(true);
    const progress = new ProgressReporter(stream, { total: 100, now: () => time });
    time = 1000;
    progress.update(10);
    time = 1050;
    progress.update(20); // throttled: within 100 ms
    time = 2000;
    progress.update(40);
    progress.finish();
    expect(writes).toHaveLength(3);
    expect(writes[0]).toMatch(/^\r\[#+\.+\] {2}10% 10\/100 texts, 10\.0 texts\/s, ETA 9s/);
    expect(writes[2]).toMatch(/40% 40\/100 texts, 20\.0 texts\/s, ETA 3s.*\n$/);
  });

  it('writes plain periodic lines elsewhere, and counts resumed texts apart', () => {
    let time = 0;
    const { writes, stream } = recorder(false);
    const progress = new ProgressReporter(stream, { total: 50, initial: 20, intervalMs: 5000, now: () => time });
    time = 1000;
    progress.update(25);
    time = 3000;
    progress.update(30);
    time = 7000;
    progress.update(40);
    progress.finish();
    expect(writes).toEqual([
      expect.stringMatching(/^progress: \[.*\] {2}50% 25\/50 texts, 5\.0 texts\/s, ETA 5s\n$/),
      expect.stringMatching(/^progress: .* 40\/50 texts/),
      expect.stringMatching(/^done: .* 40\/50 texts/),
    ]);
  });

  it('describes progress without a known total', () => {
    expect(describeProgress(30, { initial: 0, elapsedSeconds: 10 })).toBe('30 texts, 3.0 texts/s');
  });
});
