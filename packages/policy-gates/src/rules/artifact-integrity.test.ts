import { describe, expect, it } from 'vitest';
import { makeEvidence } from '../__fixtures__/evidence';
import { contextOf, ruleOf } from '../__fixtures__/rules';
import { evaluateArtifactIntegrity } from './artifact-integrity';

const rule = ruleOf('artifact-integrity');

describe('evaluateArtifactIntegrity', () => {
  it('passes when every registered digest matches, reporting unlisted files', () => {
    const evidence = makeEvidence();
    evidence.artifactDigests!.push({ path: 'extra.bin', sha256: 'c'.repeat(64) });
    const finding = evaluateArtifactIntegrity(rule, contextOf(evidence));
    expect(finding.status).toBe('pass');
    expect(finding.observed).toMatchObject({ verified: 2, unlisted: ['extra.bin'] });
  });

  it('fails on a changed digest and on a missing one', () => {
    const changed = makeEvidence();
    changed.artifactDigests![0]!.sha256 = 'f'.repeat(64);
    const finding = evaluateArtifactIntegrity(rule, contextOf(changed));
    expect(finding.code).toBe('ARTIFACT_DIGEST_MISMATCH');
    expect(finding.observed).toMatchObject({
      mismatched: [{ path: 'model.onnx', recomputed: 'f'.repeat(64) }],
    });
    const missing = makeEvidence();
    missing.artifactDigests!.pop();
    expect(evaluateArtifactIntegrity(rule, contextOf(missing)).code).toBe(
      'ARTIFACT_DIGEST_MISSING',
    );
  });

  it('fails closed without a model version, digests or artifacts', () => {
    expect(
      evaluateArtifactIntegrity(rule, contextOf(makeEvidence({ modelVersion: undefined }))).code,
    ).toBe('EVIDENCE_MISSING');
    expect(
      evaluateArtifactIntegrity(rule, contextOf(makeEvidence({ artifactDigests: undefined }))).code,
    ).toBe('EVIDENCE_MISSING');
    const empty = makeEvidence();
    empty.modelVersion!.artifacts = [];
    expect(evaluateArtifactIntegrity(rule, contextOf(empty)).code).toBe('ARTIFACTS_EMPTY');
  });
});
