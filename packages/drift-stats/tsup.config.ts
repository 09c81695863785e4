import { defineConfig } from 'tsup';

export default defineConfig({
  // The worker entries are built next to the bundle; `driftWorkerUrl()` and the profile
  // pool's `defaultWorkerUrl()` resolve them relative to the running file (ESM and CJS).
  entry: {
    index: 'src/index.ts',
    'drift-worker': 'src/column-drift/drift-worker.ts',
    'profile-worker': 'src/parallel/profile-worker.ts',
  },
  format: ['esm', 'cjs'],
  dts: { entry: { index: 'src/index.ts' } },
  sourcemap: true,
  clean: true,
  target: 'es2022',
});
