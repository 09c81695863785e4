import { defineConfig, type ViteUserConfig } from 'vitest/config';

/**
 * The vitest settings every package shares: tests next to sources, type tests in
 * `*.test-d.ts`, and a JSON report that `scripts/check-all.mjs` totals across packages.
 */
export function defineBallastProject(
  name: string,
  test: ViteUserConfig['test'] = {},
): ViteUserConfig {
  return defineConfig({
    test: {
      name,
      include: ['src/**/*.test.ts'],
      typecheck: { enabled: true, include: ['src/**/*.test-d.ts'] },
      reporters: ['default', 'json'],
      outputFile: { json: 'test-results.json' },
      testTimeout: 30_000,
      hookTimeout: 30_000,
      ...test,
    },
  });
}
