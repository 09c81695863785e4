import type { DriftReport } from '@ballast/contracts';
import { describe, expectTypeOf, it } from 'vitest';
import { detectDrift } from '../detect/detect-drift';
import { detectDriftSync } from '../detect/detect-drift-sync';
import type { DriftMethodId } from '../methods';
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
    expectTypeOf(detectDriftSync({ a: [1] }, { a: [2] })).toEqualTypeOf<DriftReport>();
    expectTypeOf(detectDrift({ a: [1] }, { a: [2] })).resolves.toEqualTypeOf<DriftReport>();
    expectTypeOf<Parameters<typeof detectDriftSync>[2]>()
      .exclude<undefined>()
      .toHaveProperty('methods')
      .toEqualTypeOf<Readonly<Record<string, DriftMethodId>> | undefined>();
    // @ts-expect-error unknown method ids are rejected at compile time
    detectDriftSync({ a: [1] }, { a: [2] }, { methods: { a: 'kolmogorov' } });
    // @ts-expect-error the sync form takes no other backend
    detectDriftSync({ a: [1] }, { a: [2] }, { backend: 'tfjs' });
  });
});
