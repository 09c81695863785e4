import { defineBallastBuild } from '../../tsup.shared';

// `conformance` needs vitest at run time; it stays external (an optional peer of that subpath
// only) and no root entry imports it.
export default defineBallastBuild({
  entry: {
    index: 'src/index.ts',
    facets: 'src/facets.ts',
    internals: 'src/internals.ts',
    conformance: 'src/conformance.ts',
  },
  external: ['vitest'],
});
