/** @gliznet/server runs on the SDK, never on TensorFlow.js (its runtime imports and dependencies). */
import { readFile, readdir } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const packageDirectory = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const allowed = ['@gliznet/common', '@gliznet/sdk', 'fastify', 'prom-client'];

async function sourceFiles(directory: string): Promise<string[]> {
  const entries = await readdir(directory, { withFileTypes: true, recursive: true });
  return entries
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts'))
    .map((entry) => join(entry.parentPath, entry.name))
    .filter((path) => !path.includes('__fixtures__'));
}

describe('runtime dependency boundary', () => {
  it('depends on the sdk, common, fastify and prom-client only', async () => {
    const manifest = JSON.parse(await readFile(join(packageDirectory, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
    expect(Object.keys(manifest.dependencies).sort()).toEqual(allowed);
  });

  it('its sources import nothing else (no tfjs, no @gliznet/core, no onnxruntime directly)', async () => {
    const found = new Set<string>();
    const files = await sourceFiles(join(packageDirectory, 'src'));
    expect(files.length).toBeGreaterThan(5);
    for (const file of files) {
      const source = await readFile(file, 'utf8');
      for (const match of source.matchAll(/(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|import\s*\(\s*['"]([^'"]+)['"]\s*\)/g)) {
        const specifier = (match[1] ?? match[2]) as string;
        if (!specifier.startsWith('.') && !specifier.startsWith('node:')) found.add(specifier);
      }
    }
    expect([...found].filter((name) => !allowed.includes(name))).toEqual([]);
    expect(found).toContain('fastify');
  });
});
