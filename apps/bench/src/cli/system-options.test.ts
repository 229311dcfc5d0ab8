import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runsQuantized } from './system-options.js';

describe('runsQuantized', () => {
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
    expect(await runsQuantized(path, { quantized: false, role: 'cross-encoder', log: (message) => logged.push(message) })).toBe(false);
    expect(logged).toEqual([]);
  });

  it('runs int8 with --quantized', async () => {
    const path = await modelDirectory(['model.onnx', 'model_quantized.onnx']);
    expect(await runsQuantized(path, { quantized: true, role: 'cross-encoder', log: () => undefined })).toBe(true);
  });

  it('falls back to int8 when only the quantized file ships, and says so', async () => {
    const logged: string[] = [];
    const path = await modelDirectory(['model_quantized.onnx']);
    expect(await runsQuantized(path, { quantized: false, role: 'cross-encoder', log: (message) => logged.push(message) })).toBe(true);
    expect(logged).toHaveLength(1);
    expect(logged[0]).toContain('ships only onnx/model_quantized.onnx, so the cross-encoder runs int8');
  });

  it('leaves a directory with neither file to the SDK, which reports the missing model', async () => {
    const path = await modelDirectory([]);
    expect(await runsQuantized(path, { quantized: false, role: 'cross-encoder', log: () => undefined })).toBe(false);
  });
});
