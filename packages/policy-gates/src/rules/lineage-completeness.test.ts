import { describe, expect, it } from 'vitest';
import { makeEvidence } from '../__fixtures__/evidence';
import { contextOf, ruleOf } from '../__fixtures__/rules';
import { evaluateLineageCompleteness } from './lineage-completeness';

describe('evaluateLineageCompleteness', () => {
  it('passes with a run id and a training dataset', () => {
    const rule = ruleOf('lineage-completeness', {
      requiredRoles: ['training'],
      requireDatasetVersions: true,
    });
    expect(evaluateLineageCompleteness(rule, contextOf()).status).toBe('pass');
  });

  it('lists every gap', () => {
    const evidence = makeEvidence();
    evidence.modelVersion!.runId = undefined;
    evidence.modelVersion!.datasets = [{ namespace: 's3://x', name: 'eval', role: 'evaluation' }];
    const rule = ruleOf('lineage-completeness', {
      requiredRoles: ['training'],
      requireDatasetVersions: true,
    });
    const finding = evaluateLineageCompleteness(rule, contextOf(evidence));
    expect(finding.code).toBe('LINEAGE_INCOMPLETE');
    expect(finding.reason).toBe(
      'Lineage incomplete: no training run id; no dataset with role training; unversioned dataset(s): s3://x/eval.',
    );
  });

  it('fails on no datasets, and closed without a model version', () => {
    const evidence = makeEvidence();
    evidence.modelVersion!.datasets = undefined;
    expect(
      evaluateLineageCompleteness(ruleOf('lineage-completeness'), contextOf(evidence)).reason,
    ).toContain('no input datasets');
    expect(
      evaluateLineageCompleteness(
        ruleOf('lineage-completeness'),
        contextOf(makeEvidence({ modelVersion: undefined })),
      ).code,
    ).toBe('EVIDENCE_MISSING');
  });
});
