/**
 * Shared Vitest settings for every workspace project.
 *
 * - `forks` pool: native addons (onnxruntime-node, tokenizers) misbehave in worker threads and typed
 *   arrays fail `instanceof` across VM realms, so every test file runs in a child process.
 * - `@gliznet/source` condition: workspace packages resolve to their TypeScript sources, so tests
 *   never depend on a stale `dist/`.
 *
 * Plain JavaScript on purpose: Vitest loads config dependencies from node_modules without
 * transpiling them.
 */
import { defineProject } from 'vitest/config';

/**
 * @param {{ name: string, testTimeout?: number }} options
 *   name: project name in the report (the package name);
 *   testTimeout: per-test timeout in ms, default 60000 (model tests build real, if tiny, models).
 */
export function gliznetProject(options) {
  const timeout = options.testTimeout ?? 60_000;
  return defineProject({
    resolve: { conditions: ['@gliznet/source'] },
    ssr: { resolve: { conditions: ['@gliznet/source'] } },
    test: {
      name: options.name,
      include: ['src/**/*.test.ts', 'scripts/**/*.test.ts'],
      pool: 'forks',
      testTimeout: timeout,
      hookTimeout: timeout,
    },
  });
}
