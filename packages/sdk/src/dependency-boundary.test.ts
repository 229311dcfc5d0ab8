/**
 * The SDK must run without TensorFlow.js: neither its package.json dependencies nor anything its
 * runtime sources import (followed from index.ts and cli/main.ts) may reach tfjs or @gliznet/core.
 */
import { readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const packageDirectory = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const forbidden = [/^@tensorflow\//, /^@gliznet\/core$/, /^@gliznet\/losses$/, /^@gliznet\/onnx-export$/];

/** Bare import specifiers reachable from `entry` through relative imports (test files excluded). */
async function bareImports(entry: string): Promise<Map<string, string>> {
  const found = new Map<string, string>();
  const visited = new Set<string>();
  const queue = [entry];
  while (queue.length > 0) {
    const file = queue.pop()!;
    if (visited.has(file)) continue;
    visited.add(file);
    const source = await readFile(file, 'utf8');
    for (const match of source.matchAll(/(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|import\s*\(\s*['"]([^'"]+)['"]\s*\)|import\s+['"]([^'"]+)['"]/g)) {
      const specifier = (match[1] ?? match[2] ?? match[3])!;
      if (specifier.startsWith('.')) queue.push(resolve(dirname(file), specifier.replace(/\.js$/, '.ts')));
      else found.set(specifier, file);
    }
  }
  return found;
}

describe('runtime dependency boundary', () => {
  it('package.json dependencies exclude tfjs and the tfjs-side packages', async () => {
    const manifest = JSON.parse(await readFile(join(packageDirectory, 'package.json'), 'utf8')) as Record<string, Record<string, string> | undefined>;
    const runtime = Object.keys({ ...manifest['dependencies'], ...manifest['peerDependencies'], ...manifest['optionalDependencies'] });
    expect(runtime.filter((name) => forbidden.some((pattern) => pattern.test(name)))).toEqual([]);
    expect(runtime).toContain('onnxruntime-node');
  });

  it('no runtime dependency pulls them in transitively (through @gliznet/* packages)', async () => {
    const seen = new Set<string>();
    const reached: string[] = [];
    const visit = async (manifestDirectory: string): Promise<void> => {
      const manifest = JSON.parse(await readFile(join(manifestDirectory, 'package.json'), 'utf8')) as { dependencies?: Record<string, string> };
      for (const name of Object.keys(manifest.dependencies ?? {})) {
        if (seen.has(name)) continue;
        seen.add(name);
        reached.push(name);
        if (name.startsWith('@gliznet/')) await visit(join(manifestDirectory, 'node_modules', name));
      }
    };
    await visit(packageDirectory);
    expect(reached).toContain('@gliznet/tokenizer');
    expect(reached.filter((name) => forbidden.some((pattern) => pattern.test(name)))).toEqual([]);
  });

  it('the import graph of index.ts and cli/main.ts reaches only allowed packages', async () => {
    const imports = new Map([...(await bareImports(join(packageDirectory, 'src', 'index.ts'))), ...(await bareImports(join(packageDirectory, 'src', 'cli', 'main.ts')))]);
    const packages = [...imports.keys()].map((specifier) => (specifier.startsWith('@') ? specifier.split('/').slice(0, 2).join('/') : specifier.split('/')[0]!));
    const allowed = new Set(['@gliznet/common', '@gliznet/tokenizer', 'onnxruntime-node']);
    const disallowed = [...new Set(packages)].filter((name) => !name.startsWith('node:') && !allowed.has(name));
    expect(disallowed).toEqual([]);
    expect(packages).toContain('onnxruntime-node');
    expect(packages).toContain('@gliznet/tokenizer');
  });
});
