import { describe, expect, it } from 'vitest';
import { createInterruptHandler } from './interrupt-handler.js';

describe('createInterruptHandler', () => {
  it('treats copies of one Ctrl-C as one interrupt, and a later one as a forced exit', () => {
    let time = 0;
    const calls: string[] = [];
    const handler = createInterruptHandler({ onInterrupt: () => calls.push('interrupt'), onForce: () => calls.push('force'), repeatWindowMs: 2000, now: () => time });
    handler(); // the terminal's SIGINT
    time = 5;
    handler(); // the copy forwarded by pnpm / tsx
    expect(calls).toEqual(['interrupt']);
    time = 2500;
    handler(); // the user presses Ctrl-C again
    expect(calls).toEqual(['interrupt', 'force']);
  });
});
