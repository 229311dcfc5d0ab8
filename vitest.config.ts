import { defineConfig } from 'vitest/config';

// One run over every workspace project; each project's settings come from tooling/vitest.
export default defineConfig({
  test: {
    projects: ['packages/*/vitest.config.ts', 'apps/*/vitest.config.ts', 'tooling/*/vitest.config.ts'],
  },
});
