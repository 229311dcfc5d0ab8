import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from './main.js';

async function run(argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const sink = (append: (text: string) => void): NodeJS.WritableStream => ({ write: (chunk: string) => (append(String(chunk)), true) }) as unknown as NodeJS.WritableStream;
  const code = await main(argv, { stdout: sink((text) => (stdout += text)), stderr: sink((text) => (stderr += text)) });
  return { code, stdout, stderr };
}

describe('gliznet-trainer CLI', () => {
  it('lists the commands and has --help on each', async () => {
    const usage = await run(['--help']);
    expect(usage.code).toBe(0);
    for (const command of ['train', 'evaluate', 'export', 'package', 'data build', 'data generate', 'data stats']) {
      expect(usage.stdout).toContain(command);
      const help = await run([...command.split(' '), '--help']);
      expect(help.code, command).toBe(0);
      expect(help.stdout).toContain(`gliznet-trainer ${command}`);
    }
    const train = await run(['train', '--help']);
    expect(train.stdout).toMatch(/--similarity <value>\s+Scorer \(one of: dot, bilinear, dot_learning, cosine/);
  });

  it('names the bad flag or command and exits non-zero', async () => {
    expect((await run(['fly'])).stderr).toContain('unknown command "fly"');
    const missing = await run(['train', '--train', 'x.jsonl']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('--out is required');
    const badNumber = await run(['train', '--train', 'x.jsonl', '--out', 'o', '--epochs', 'two']);
    expect(badNumber.stderr).toContain('--epochs expects a number, got "two"');
    const badRate = await run(['data', 'build', '--group-label-rate', '2', '--corpora', tmpdir(), '--out', join(tmpdir(), 'never-written.jsonl')]);
    expect(badRate.code).not.toBe(0);
    expect(badRate.stderr).toContain('--group-label-rate is a share of rows, from 0 (off) to 1, got 2');
    const badRating = await run(['data', 'build', '--rating-label-rate', '1.5', '--corpora', tmpdir(), '--out', join(tmpdir(), 'never-written.jsonl')]);
    expect(badRating.code).not.toBe(0);
    expect(badRating.stderr).toContain('--rating-label-rate is a share of rows, from 0 (off) to 1, got 1.5');
  });

  it('reports statistics of a record file and the bad lines in it', async () => {
    const directory = await mkdtemp(join(tmpdir(), 'gliznet-cli-'));
    const file = join(directory, 'records.jsonl');
    await writeFile(file, ['{"text": "hello", "labels": ["greeting"], "negatives": ["farewell"]}', '{"text": ""}', '{"text": "bye", "labels": ["farewell"]}'].join('\n'));
    const result = await run(['data', 'stats', file, '--json']);
    expect(result.code).toBe(0);
    const parsed = JSON.parse(result.stdout) as { stats: { records: number } } | { records: number };
    expect(JSON.stringify(parsed)).toContain('"records":2');
    expect(result.stderr).toContain(`${file}:2`);
  });
});
