import { defineConfig, type Options } from 'tsup';

/**
 * The build every published package shares: ESM + CJS with types for both, source maps,
 * ES2022. Packages pass only what differs (extra entries, shims).
 */
export function defineBallastBuild(overrides: Options = {}) {
  return defineConfig({
    entry: ['src/index.ts'],
    format: ['esm', 'cjs'],
    dts: true,
    sourcemap: true,
    clean: true,
    target: 'es2022',
    ...overrides,
  });
}
