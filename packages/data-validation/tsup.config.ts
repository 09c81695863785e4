import { defineBallastBuild } from '../../tsup.shared';

// Two entries: the root (what applications call) and `/internals` (engine kernels and helpers).
export default defineBallastBuild({
  entry: { index: 'src/index.ts', internals: 'src/internals.ts' },
});
