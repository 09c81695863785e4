import { defineBallastBuild } from '../../tsup.shared';

export default defineBallastBuild({ entry: { index: 'src/index.ts', cli: 'src/cli.ts' } });
