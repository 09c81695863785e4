import { defineBallastBuild } from '../../tsup.shared';

export default defineBallastBuild({
  entry: { index: 'src/index.ts', cli: 'src/cli.ts' },
  // import.meta.url in the CJS build: the demo finds its vendored data/ beside dist/.
  shims: true,
});
