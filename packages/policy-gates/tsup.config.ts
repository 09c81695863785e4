import { defineBallastBuild } from '../../tsup.shared';

export default defineBallastBuild({
  entry: { index: 'src/index.ts', internals: 'src/internals.ts' },
});
