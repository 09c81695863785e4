import { defineBallastBuild } from '../../tsup.shared';

export default defineBallastBuild({
  entry: {
    index: 'src/index.ts',
    duckdb: 'src/duckdb.ts',
    postgres: 'src/postgres.ts',
    clients: 'src/clients.ts',
    conformance: 'src/conformance.ts',
  },
});
