import { mkdtemp, realpath } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { enterCallerDirectory } from './caller-directory.js';

const start = process.cwd();
afterEach(() => process.chdir(start));

describe('enterCallerDirectory', () => {
  it("moves to INIT_CWD, and stays put when it is absent, empty or gone", async () => {
    const caller = await realpath(await mkdtemp(join(tmpdir(), 'gliznet-caller-')));
    enterCallerDirectory({ INIT_CWD: caller });
    expect(process.cwd()).toBe(caller);
    enterCallerDirectory({});
    enterCallerDirectory({ INIT_CWD: '' });
    enterCallerDirectory({ INIT_CWD: join(caller, 'no-such-folder') });
    expect(process.cwd()).toBe(caller);
  });
});
