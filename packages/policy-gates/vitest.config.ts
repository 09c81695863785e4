import { defineBallastProject } from '../../vitest.shared';

export default defineBallastProject('@ballast/policy-gates');
