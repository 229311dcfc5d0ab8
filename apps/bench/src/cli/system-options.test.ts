import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { baselineRunsQuantized } from './system-options.js';

describe('baselineRunsQuantized', () => {
  let directory: string | undefined;
  afterEach(async () => {
    if (directory !== undefined) await rm(directory, { recursive: true, force: true });
  });

  async function modelDirectory(files: string[]): Promise<string> {
    directory = await mkdtemp(join(tmpdir(), 'baseline-precision-'));
    await mkdir(join(directory, 'onnx'));
    for (const file of files) await writeFile(join(directory, 'onnx', file), 'x');
    return directory;
  }

  it('runs fp32 when onnx/model.onnx exists and --quantized is not given', async () => {
    const logged: string[] = [];
    const path = await modelDirectory(['model.onnx', 'model_quantized.onnx']);
    expect(await baselineRunsQuantized(path, { quantized: false, log: (message) => logged.push(message) })).toBe(false);
    expect(logged).toEqual([]);
  });

  it('runs int8 with --quantized', async () => {
    const path = await modelDirectory(['model.onnx', 'model_quantized.onnx']);
    expect(await baselineRunsQuantized(path, { quantized: true, log: () => undefined })).toBe(true);
  });

  it('falls back to int8 when only the quantized file ships, and says so', async () => {
    const logged: string[] = [];
    const path = await modelDirectory(['model_quantized.onnx']);
    expect(await baselineRunsQuantized(path, { quantized: false, log: (message) => logged.push(message) })).toBe(true);
    expect(logged).toHaveLength(1);
    expect(logged[0]).toContain('ships only onnx/model_quantized.onnx');
  });

  it('leaves a directory with neither file to the SDK, which reports the missing model', async () => {
    const path = await modelDirectory([]);
    expect(await baselineRunsQuantized(path, { quantized: false, log: () => undefined })).toBe(false);
  });
});
