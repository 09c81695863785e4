import { type ColumnDrift, parseDriftReport } from '@ballast/contracts';
import { describe, expect, it } from 'vitest';
import { adjustPValues } from './adjust-p-values';
import { assembleDriftReport } from './assemble-drift-report';
import { getDriftMethod } from '../methods';
import { isDrifted } from '../methods/drift-method';
import { defaultMethod } from './default-method';

function column(
  name: string,
  method: string,
  pValue: number | undefined,
  statistic: number,
  threshold: number,
  drifted: boolean,
): ColumnDrift {
  return {
    column: name,
    type: 'numeric',
    method,
    statistic,
    ...(pValue === undefined ? {} : { pValue }),
    threshold,
    drifted,
    status: 'ok',
    reference: { count: 100, missing: 0 },
    current: { count: 100, missing: 0 },
    backend: 'cpu',
  };
}

describe('adjustPValues', () => {
  it('matches statsmodels fdr_bh and bonferroni', () => {
    // Expected values computed with numpy from the BH step-up formula.
    expect(adjustPValues([0.01, 0.04, 0.03, 0.2], 'benjamini-hochberg')).toEqual([
      0.04, 0.05333333333333334, 0.05333333333333334, 0.2,
    ]);
    expect(adjustPValues([0.01, 0.4], 'bonferroni')).toEqual([0.02, 0.8]);
    expect(adjustPValues([0.01, 0.4], 'none')).toEqual([0.01, 0.4]);
  });
});

describe('assembleDriftReport', () => {
  const columns = [
    column('a', 'ks', 0.01, 0.2, 0.05, true),
    column('b', 'ks', 0.04, 0.1, 0.05, true),
    column('c', 'wasserstein', undefined, 0.3, 0.1, true),
    {
      ...column('d', 'ks', undefined, 0, 0.05, false),
      statistic: null,
      status: 'insufficient_data' as const,
    },
  ];

  it('keeps verdicts without correction and counts only evaluated columns', () => {
    const report = assembleDriftReport(columns, {
      correction: 'none',
      driftShare: 0.5,
      referenceRows: 100,
      currentRows: 100,
    });
    expect(report.dataset).toEqual({ driftedColumns: 3, totalColumns: 3, share: 1, drifted: true });
    expect(parseDriftReport(report)).toEqual(report);
  });

  it('corrects only p-value columns and re-decides them with the method rule', () => {
    const report = assembleDriftReport(columns, {
      correction: 'bonferroni',
      driftShare: 0.5,
      referenceRows: 100,
      currentRows: 100,
    });
    const [a, b, c] = report.columns;
    expect(a).toMatchObject({ adjustedPValue: 0.02, drifted: true });
    expect(b).toMatchObject({ adjustedPValue: 0.08, drifted: false });
    expect(c?.adjustedPValue).toBeUndefined();
    expect(report.dataset).toMatchObject({ driftedColumns: 2, share: 2 / 3, drifted: true });
    const strict = assembleDriftReport(columns, {
      correction: 'bonferroni',
      driftShare: 0.7,
      referenceRows: 100,
      currentRows: 100,
    });
    expect(strict.dataset.drifted).toBe(false);
  });

  it('rejects a drift share outside [0, 1]', () => {
    expect(() =>
      assembleDriftReport(columns, {
        correction: 'none',
        driftShare: 2,
        referenceRows: 1,
        currentRows: 1,
      }),
    ).toThrowError(expect.objectContaining({ code: 'INVALID_DRIFT_SHARE' }));
  });
});

describe('Evidently defaults', () => {
  it('selects methods by reference size, type and unique count', () => {
    expect(defaultMethod({ featureType: 'numeric', referenceRows: 1000, uniqueValues: 6 })).toBe(
      'ks',
    );
    expect(defaultMethod({ featureType: 'numeric', referenceRows: 1000, uniqueValues: 5 })).toBe(
      'chisquare',
    );
    expect(defaultMethod({ featureType: 'categorical', referenceRows: 10, uniqueValues: 2 })).toBe(
      'z',
    );
    expect(defaultMethod({ featureType: 'numeric', referenceRows: 1001, uniqueValues: 6 })).toBe(
      'wasserstein',
    );
    expect(defaultMethod({ featureType: 'numeric', referenceRows: 1001, uniqueValues: 5 })).toBe(
      'jensenshannon',
    );
    expect(
      defaultMethod({ featureType: 'categorical', referenceRows: 5000, uniqueValues: 50 }),
    ).toBe('jensenshannon');
  });

  it('applies each rule at the boundary exactly as Evidently', () => {
    expect(isDrifted(getDriftMethod('ks'), 0.05, 0.05)).toBe(true);
    expect(isDrifted(getDriftMethod('cramer_von_mises'), 0.1, 0.1)).toBe(true);
    expect(isDrifted(getDriftMethod('chisquare'), 0.05, 0.05)).toBe(false);
    expect(isDrifted(getDriftMethod('wasserstein'), 0.1, 0.1)).toBe(true);
    expect(isDrifted(getDriftMethod('ed'), 0.1, 0.1)).toBe(false);
    expect(getDriftMethod('anderson').defaultThreshold).toBe(0.1);
    expect(getDriftMethod('t_test').defaultThreshold).toBe(0.05);
  });
});
