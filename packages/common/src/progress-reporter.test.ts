import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createProgressReporter, formatDuration } from './progress-reporter.js';

function capture(): { stream: Writable; text: () => string } {
  let text = '';
  const stream = new Writable({
    write(chunk, _encoding, callback) {
      text += String(chunk);
      callback();
    },
  });
  return { stream, text: () => text };
}

describe('progress reporter', () => {
  it('prints plain lines at most once per interval when not interactive', () => {
    let clock = 0;
    const sink = capture();
    const reporter = createProgressReporter({ label: 'job', total: 100, stream: sink.stream, interactive: false, intervalMs: 1000, unit: 'texts', now: () => clock });
    clock = 500;
    reporter.update(10); // first update always prints
    clock = 900;
    reporter.update(20); // within the interval: silent
    clock = 2000;
    reporter.update(40, 'loss 0.5');
    reporter.finish();
    const lines = sink.text().trim().split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[0]).toBe('job 10% 10/100 20.0 texts/s elapsed 1s ETA 5s');
    expect(lines[1]).toContain('40/100');
    expect(lines[1]).toContain('loss 0.5');
    expect(lines[2]).toMatch(/40\/100 .* done$/);
  });

  it('redraws one bar line on a TTY', () => {
    let clock = 0;
    const sink = capture();
    const reporter = createProgressReporter({ label: 'train', total: 4, stream: sink.stream, interactive: true, now: () => clock });
    clock = 1000;
    reporter.update(2);
    reporter.finish();
    expect(sink.text()).toContain('\rtrain [############............] 50% 2/4');
    expect(sink.text().endsWith('\n')).toBe(true);
  });

  it('counts resumed work in the total but not in the rate, and prints messages on their own line', () => {
    let clock = 0;
    const sink = capture();
    const reporter = createProgressReporter({ label: 'classify', total: 100, initial: 40, stream: sink.stream, interactive: false, unit: 'texts', now: () => clock });
    clock = 2000;
    reporter.update(50); // 10 texts this run in 2 s
    reporter.message('resuming after 40 texts');
    reporter.finish();
    const lines = sink.text().trim().split('\n');
    expect(lines[0]).toBe('classify 50% 50/100 5.00 texts/s elapsed 2s ETA 10s');
    expect(lines[1]).toBe('resuming after 40 texts');
  });

  it('names a count of one in the singular when told how', () => {
    const sink = capture();
    const reporter = createProgressReporter({ label: 'classify', stream: sink.stream, interactive: false, unit: 'texts', unitSingular: 'text', now: () => 1000 });
    reporter.finish();
    expect(sink.text()).toMatch(/^classify 0 texts /);
    const one = capture();
    const single = createProgressReporter({ label: 'classify', stream: one.stream, interactive: false, unit: 'texts', unitSingular: 'text', now: () => 1000 });
    single.update(1);
    expect(one.text()).toMatch(/^classify 1 text /);
  });

  it('throttles redraws on a TTY', () => {
    let clock = 0;
    const sink = capture();
    const reporter = createProgressReporter({ label: 'x', total: 10, stream: sink.stream, interactive: true, redrawMs: 100, now: () => clock });
    reporter.update(1);
    clock = 50;
    reporter.update(2); // too soon: not drawn
    clock = 200;
    reporter.update(3);
    expect(sink.text().split('\r').filter(Boolean)).toHaveLength(2);
  });

  it('formats durations', () => {
    expect(formatDuration(5)).toBe('5s');
    expect(formatDuration(65)).toBe('1m05s');
    expect(formatDuration(3700)).toBe('1h01m');
    expect(formatDuration(Infinity)).toBe('?');
  });
});
