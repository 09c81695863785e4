import { InvalidInputError } from '@ballast/contracts';
import type { DetectDriftFromProfileOptions } from '../profile/detect-drift-from-profile';
import type { ComparisonOptions } from './detect-drift-options';

/**
 * Maps comparison options onto those of a profile comparison. Options that need the raw
 * reference (`columnTypes`, statistic options other than the Jensen–Shannon `base`) are a
 * typed error naming the option rather than being ignored.
 */
export function toProfileOptions(options: ComparisonOptions): DetectDriftFromProfileOptions {
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
    ...(methods === undefined ? {} : { methods }),
    ...(methodsByType === undefined ? {} : { methodsByType }),
    ...(typeof base === 'number' ? { jensenShannonBase: base } : {}),
  };
}
