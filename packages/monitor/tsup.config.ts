import { defineBallastBuild } from '../../tsup.shared';

// The analysis worker is built next to the bundle (no types); `defaultAnalysisWorkerUrl()`
// resolves it relative to the running file (ESM and CJS).
export default defineBallastBuild({
  entry: { index: 'src/index.ts', 'analysis-worker': 'src/analysis/analysis-worker.ts' },
  dts: { entry: { index: 'src/index.ts' } },
});
