import { describe, expect, it } from 'vitest';
import { driftReport, makeEvidence } from '../__fixtures__/evidence';
import { contextOf, ruleOf } from '../__fixtures__/rules';
import { evaluateDrift } from './drift';

describe('evaluateDrift', () => {
  it('passes when the dataset has not drifted and named columns are stable', () => {
    const finding = evaluateDrift(ruleOf('drift', { columns: ['amount'] }), contextOf());
    expect(finding.status).toBe('pass');
    expect(finding.observed).toMatchObject({ datasetDrifted: false, driftedColumns: ['country'] });
  });

  it('fails on a drifted named column, a missing column and insufficient data', () => {
    expect(evaluateDrift(ruleOf('drift', { columns: ['country'] }), contextOf()).code).toBe(
      'COLUMN_DRIFTED',
    );
    expect(evaluateDrift(ruleOf('drift', { columns: ['age'] }), contextOf()).code).toBe(
      'COLUMN_MISSING',
    );
    expect(evaluateDrift(ruleOf('drift', { columns: ['rare'] }), contextOf()).code).toBe(
      'DRIFT_INSUFFICIENT_DATA',
    );
    expect(
      evaluateDrift(
        ruleOf('drift', { columns: ['rare'], allowInsufficientData: true }),
        contextOf(),
      ).status,
    ).toBe('pass');
  });

  it('fails on dataset drift unless allowed, and on a share above maxDriftShare', () => {
    const drifted = makeEvidence({
      driftReports: [
        driftReport({
          dataset: { driftedColumns: 2, totalColumns: 3, share: 2 / 3, drifted: true },
        }),
      ],
    });
    expect(evaluateDrift(ruleOf('drift'), contextOf(drifted)).code).toBe('DATASET_DRIFTED');
    expect(
      evaluateDrift(ruleOf('drift', { allowDatasetDrift: true }), contextOf(drifted)).status,
    ).toBe('pass');
    expect(evaluateDrift(ruleOf('drift', { maxDriftShare: 0.2 }), contextOf()).code).toBe(
      'DRIFT_SHARE_EXCEEDED',
    );
  });

  it('fails closed without drift reports', () => {
    expect(evaluateDrift(ruleOf('drift'), contextOf(makeEvidence({ driftReports: [] }))).code).toBe(
      'EVIDENCE_MISSING',
    );
  });
});
