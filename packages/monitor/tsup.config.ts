import { defineBallastBuild } from '../../tsup.shared';

export default defineBallastBuild();
