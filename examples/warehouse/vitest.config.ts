import { defineBallastProject } from '../../vitest.shared';

export default defineBallastProject('@ballast-examples/warehouse');
