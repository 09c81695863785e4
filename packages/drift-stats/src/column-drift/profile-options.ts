import { InvalidInputError } from '@ballast/contracts';
import type {
  DetectDriftFromProfileOptions,
  ProfileDriftMethod,
} from '../profile/detect-drift-from-profile';
import type { DetectDriftOptions } from './detect-drift-options';

/**
 * Maps `detectDrift` options onto `detectDriftFromProfile`'s. Options that need the raw
 * reference (`columnTypes`, statistic options other than the Jensen–Shannon `base`) are a
 * typed error naming the option rather than being ignored.
 *
 * @example
 * ```ts
 * toProfileOptions({ correction: 'bonferroni', statisticOptions: { jensenshannon: { base: 2 } } });
 * ```
 */
export function toProfileOptions(
  options: Omit<DetectDriftOptions, 'backend'>,
): DetectDriftFromProfileOptions {
  const { columnTypes, statisticOptions, methods, methodsByType, ...shared } = options;
  const unsupported = [
    ...(columnTypes === undefined ? [] : ['columnTypes']),
    ...Object.entries(statisticOptions ?? {}).flatMap(([method, values]) =>
      Object.keys(values ?? {})
        .filter(key => !(method === 'jensenshannon' && key === 'base'))
        .map(key => `statisticOptions.${method}.${key}`),
    ),
  ];
  if (unsupported.length > 0) {
    throw new InvalidInputError({
      code: 'OPTION_UNSUPPORTED_FOR_PROFILE',
      message: `${unsupported.join(', ')} cannot be applied when the reference is a DatasetProfile (they need the raw reference values).`,
      details: { path: unsupported[0], options: unsupported },
    });
  }
  const base = statisticOptions?.jensenshannon?.base;
  return {
    ...shared,
    ...(methods === undefined ? {} : { methods: methods as Record<string, ProfileDriftMethod> }),
    ...(methodsByType === undefined
      ? {}
      : {
          methodsByType: methodsByType as Partial<
            Record<'numeric' | 'categorical', ProfileDriftMethod>
          >,
        }),
    ...(typeof base === 'number' ? { jensenShannonBase: base } : {}),
  };
}
