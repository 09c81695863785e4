import type { DriftReport } from '@ballast/contracts';
import { describe, expectTypeOf, it } from 'vitest';
import { detectDrift } from '../detect-drift';
import { detectDriftAsync } from '../detect-drift-async';
import type { DriftMethodId } from '../report/default-method';
import { jensenShannon } from './jensen-shannon';
import { ks } from './kolmogorov-smirnov';
import { getStatistic } from './registry';
import type { StatisticResult } from './statistic-result';

describe('public types', () => {
  it('statistics return StatisticResult and accept arrays, typed arrays and options', () => {
    expectTypeOf(ks([1, 2], new Float64Array([3]))).toEqualTypeOf<StatisticResult>();
    expectTypeOf(ks)
      .parameter(2)
      .toEqualTypeOf<{ method?: 'auto' | 'exact' | 'asymptotic' } | undefined>();
    expectTypeOf(jensenShannon(['a'], ['b'], { base: 2 }).statistic).toBeNumber();
    expectTypeOf(getStatistic('psi')).returns.toEqualTypeOf<StatisticResult>();
  });

  it('detectDrift returns the contract report and only takes known method ids', () => {
    expectTypeOf(detectDrift({ a: [1] }, { a: [2] })).toEqualTypeOf<DriftReport>();
    expectTypeOf(detectDriftAsync({ a: [1] }, { a: [2] })).resolves.toEqualTypeOf<DriftReport>();
    expectTypeOf<Parameters<typeof detectDrift>[2]>()
      .exclude<undefined>()
      .toHaveProperty('methods')
      .toEqualTypeOf<Readonly<Record<string, DriftMethodId>> | undefined>();
    // @ts-expect-error unknown method ids are rejected at compile time
    detectDrift({ a: [1] }, { a: [2] }, { methods: { a: 'kolmogorov' } });
  });
});
