import { defineBallastBuild } from '../../tsup.shared';

const entries = {
  index: 'src/index.ts',
  statistics: 'src/statistics.ts',
  internals: 'src/internals.ts',
  tfjs: 'src/tfjs.ts',
};

// The worker entry is built next to the bundle (no types); the worker pool's
// `defaultWorkerUrl()` resolves it relative to the running file (ESM and CJS).
export default defineBallastBuild({
  entry: { ...entries, worker: 'src/parallel/worker.ts' },
  dts: { entry: entries },
});
