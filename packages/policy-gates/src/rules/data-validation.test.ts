import { describe, expect, it } from 'vitest';
import { makeEvidence, validationReport } from '../__fixtures__/evidence';
import { contextOf, ruleOf } from '../__fixtures__/rules';
import { evaluateDataValidation } from './data-validation';

describe('evaluateDataValidation', () => {
  it('requires success by default', () => {
    const finding = evaluateDataValidation(ruleOf('data-validation'), contextOf());
    expect(finding.code).toBe('VALIDATION_FAILED');
    expect(finding.reason).toContain('unsuccessful suite(s): transactions');
  });

  it('fails only on failures at or above failOnSeverity', () => {
    const errorsOnly = ruleOf('data-validation', {
      requireSuccess: false,
      failOnSeverity: 'error',
    });
    expect(evaluateDataValidation(errorsOnly, contextOf()).status).toBe('pass');
    const warnings = ruleOf('data-validation', {
      requireSuccess: false,
      failOnSeverity: 'warning',
    });
    const finding = evaluateDataValidation(warnings, contextOf());
    expect(finding.status).toBe('fail');
    expect(finding.reason).toContain('expect_column_values_to_be_between (warning)');
  });

  it('selects reports by suite and fails closed when none match', () => {
    const evidence = makeEvidence({
      validationReports: [
        validationReport(),
        validationReport({
          suite: 'features',
          success: true,
          statistics: { evaluated: 0, successful: 0, unsuccessful: 0, successPercent: null },
          results: [],
        }),
      ],
    });
    expect(
      evaluateDataValidation(ruleOf('data-validation', { suite: 'features' }), contextOf(evidence))
        .status,
    ).toBe('pass');
    expect(
      evaluateDataValidation(ruleOf('data-validation', { suite: 'labels' }), contextOf(evidence))
        .code,
    ).toBe('EVIDENCE_MISSING');
  });
});
