import { defineBallastBuild } from '../../tsup.shared';

export default defineBallastBuild({
  entry: {
    index: 'src/index.ts',
    facets: 'src/facets.ts',
    internals: 'src/internals.ts',
    conformance: 'src/conformance.ts',
  },
});
