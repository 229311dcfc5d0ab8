/**
 * `gliznet serve` as a real process (TypeScript sources through tsx) on a tiny random model: it
 * logs to stderr, serves, and on SIGTERM stops accepting, answers the requests in flight and exits 0.
 * Plus the in-process command line: --help, bad flags.
 */
import { spawn } from 'node:child_process';
import { rm } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTinyModel, post } from '../__fixtures__/tiny-model.js';
import { runServeCli } from './serve-command.js';

const packageDirectory = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const repositoryRoot = resolve(packageDirectory, '..', '..');

function captureIo() {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { stdout: { write: (chunk: string) => out.push(chunk) } as never, stderr: { write: (chunk: string) => err.push(chunk) } as never }, out, err };
}

describe('gliznet serve', () => {
  let directory: string;
  beforeAll(async () => {
    directory = await buildTinyModel(2);
  });
  afterAll(async () => {
    await rm(directory, { recursive: true, force: true });
  });

  it('prints its help on stdout and refuses bad flags with exit code 2', async () => {
    const help = captureIo();
    expect(await runServeCli(['--help'], help.io)).toBe(0);
    expect(help.out.join('')).toMatch(/Usage: gliznet serve \[options\]/);
    for (const flag of ['--max-batch', '--max-wait-ms', '--max-queue', '--quantized', '--threads', '--host', '--port', '--model']) expect(help.out.join('')).toContain(flag);
    const bad = captureIo();
    expect(await runServeCli(['--max-batch', '0'], bad.io)).toBe(2);
    expect(bad.err.join('')).toMatch(/--max-batch must be a positive integer/);
    const unknown = captureIo();
    expect(await runServeCli(['--nope'], unknown.io)).toBe(2);
    const missingModel = captureIo();
    expect(await runServeCli(['--model', join(directory, 'missing'), '--port', '0'], missingModel.io)).toBe(1);
    expect(missingModel.err.join('')).toMatch(/the model failed to load: ModelLoadError/);
  });

  it('on SIGTERM stops accepting, answers the requests in flight and exits 0', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', '--conditions=@gliznet/source', join(packageDirectory, 'src', 'cli', 'main.ts'), 'serve', '--model', directory, '--port', '0', '--threads', '1', '--max-wait-ms', '1500'], {
      cwd: repositoryRoot,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | null>((resolveExit) => child.on('exit', (code) => resolveExit(code)));
    try {
      const url = await new Promise<string>((resolveUrl, rejectUrl) => {
        const timer = setTimeout(() => rejectUrl(new Error(`no ready line in time:\n${stderr}`)), 60_000);
        const poll = setInterval(() => {
          const listening = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(stderr);
          if (listening !== null && /ready: /.test(stderr)) {
            clearInterval(poll);
            clearTimeout(timer);
            resolveUrl(listening[1]!);
          }
        }, 20);
      });
      expect((await fetch(`${url}/ready`)).status).toBe(200);
      // --max-wait-ms 1500: these wait in the queue while the signal arrives.
      const inFlight = Array.from({ length: 3 }, (_, index) => post(`${url}/`, { inputs: `text number ${index}`, parameters: { candidate_labels: ['a', 'b'] } }));
      await new Promise((resolveWait) => setTimeout(resolveWait, 300));
      child.kill('SIGTERM');
      const signalled = performance.now();
      await new Promise((resolveWait) => setTimeout(resolveWait, 200));
      const late = await fetch(`${url}/health`).then((response) => response.status, () => 'refused');
      expect([503, 'refused']).toContain(late);
      const answers = await Promise.all(inFlight);
      expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200]);
      expect(answers[0]!.body.labels.sort()).toEqual(['a', 'b']);
      expect(await exited).toBe(0);
      // Idle keep-alive sockets must not hold the exit for the keep-alive timeout (72 s).
      expect(performance.now() - signalled).toBeLessThan(10_000);
      expect(stderr).toMatch(/stopping: no new requests; finishing the ones in flight/);
      expect(stderr).toMatch(/stopped/);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  });
});
