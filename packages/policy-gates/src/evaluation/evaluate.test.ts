import { fileURLToPath } from 'node:url';
import { InvalidInputError, parsePolicyDecision } from '@ballast/contracts';
import { sha256Of } from '@ballast/kit';
import { beforeAll, describe, expect, it } from 'vitest';
import { makeEvidence, now } from '../__fixtures__/evidence';
import { evaluate, policyDigest } from './evaluate';
import { definePolicy, loadPolicy } from '../policy/load-policy';
import type { Policy } from '../policy/policy-schema';
import type { CustomPredicate } from '../rules/rule-finding';

const predicates: Record<string, CustomPredicate> = {
  'p99-latency': ({ evidence, params }) =>
    Number(evidence.attributes?.p99LatencyMs) <= Number(params.maxMs),
};

let policy: Policy;
beforeAll(async () => {
  policy = await loadPolicy(
    fileURLToPath(new URL('../__fixtures__/promotion-policy.yaml', import.meta.url)),
  );
});

const statusOf = (decision: ReturnType<typeof evaluate>, ruleId: string) =>
  decision.results.find(result => result.ruleId === ruleId)?.status;

describe('evaluate', () => {
  it('allows complete, passing evidence and produces a valid PolicyDecision', () => {
    const decision = evaluate(policy, makeEvidence(), {
      environment: 'production',
      now,
      predicates,
    });
    expect(decision.outcome).toBe('allow');
    expect(decision.results.map(result => result.status)).toEqual(Array(13).fill('pass'));
    expect(decision.evaluatedAt).toBe(now.toISOString());
    expect(decision.policy).toEqual({
      name: 'fraud-promotion',
      version: '3',
      digest: policyDigest(policy),
    });
    expect(parsePolicyDecision(JSON.parse(JSON.stringify(decision)))).toEqual(decision);
  });

  it('digests the evidence document and each embedded piece', () => {
    const evidence = makeEvidence();
    const decision = evaluate(policy, evidence, { environment: 'production', now, predicates });
    expect(decision.evidence.map(entry => entry.kind)).toEqual([
      'Evidence',
      'ModelVersion',
      'DriftReport',
      'ValidationReport',
      'ModelCard',
      'Metrics',
      'BaselineMetrics',
      'Approvals',
      'ArtifactDigests',
      'Attributes',
    ]);
    expect(decision.evidence[0]!.digest).toBe(sha256Of(evidence));
    expect(decision.evidence[2]!.digest).toBe(sha256Of(evidence.driftReports![0]));
    const changed = evaluate(policy, makeEvidence({ author: 'mallory' }), {
      environment: 'production',
      now,
      predicates,
    });
    expect(changed.evidence[0]!.digest).not.toBe(decision.evidence[0]!.digest);
    expect(changed.evidence[1]!.digest).toBe(decision.evidence[1]!.digest);
  });

  it('denies when evidence is missing entirely, with EVIDENCE_MISSING on every rule', () => {
    const decision = evaluate(policy, undefined, { environment: 'production', now, predicates });
    expect(decision.outcome).toBe('deny');
    expect(new Set(decision.results.map(result => result.code))).toEqual(
      new Set(['EVIDENCE_MISSING']),
    );
    expect(decision.evidence).toEqual([]);
  });

  it('denies on a missing metric and a zero baseline', () => {
    const evidence = makeEvidence();
    evidence.metrics = evidence.metrics!.filter(metric => metric.name !== 'auc');
    const decision = evaluate(policy, evidence, { environment: 'production', now, predicates });
    expect(decision.outcome).toBe('deny');
    expect(decision.results.find(result => result.ruleId === 'auc-floor')).toMatchObject({
      status: 'fail',
      code: 'METRIC_MISSING',
    });
    const zero = makeEvidence();
    zero.baseline!.metrics[0]!.value = 0;
    const zeroDecision = evaluate(policy, zero, { environment: 'production', now, predicates });
    expect(zeroDecision.results.find(result => result.ruleId === 'auc-no-regression')?.code).toBe(
      'BASELINE_ZERO',
    );
    expect(zeroDecision.outcome).toBe('deny');
  });

  it('applies enforcement per environment: enforce, warn, dryrun (default)', () => {
    const evidence = makeEvidence({ artifactDigests: [] });
    const production = evaluate(policy, evidence, { environment: 'production', now, predicates });
    expect(production.outcome).toBe('deny');
    expect(production.results.find(result => result.ruleId === 'artifacts-intact')).toMatchObject({
      status: 'fail',
      enforcement: 'enforce',
      code: 'ARTIFACT_DIGEST_MISSING',
    });
    const staging = evaluate(policy, evidence, { environment: 'staging', now, predicates });
    expect(staging.outcome).toBe('warn');
    expect(statusOf(staging, 'artifacts-intact')).toBe('warn');
    const dev = evaluate(policy, evidence, { environment: 'dev', now, predicates });
    expect(dev.outcome).toBe('allow');
    expect(dev.results.find(result => result.ruleId === 'artifacts-intact')).toMatchObject({
      status: 'fail',
      enforcement: 'dryrun',
    });
    expect(dev.results.find(result => result.ruleId === 'artifacts-intact')?.reason).toMatch(
      /^\[dryrun\] /,
    );
  });

  it('falls back to enforce for an environment no setting names', () => {
    const strict = definePolicy({
      name: 'p',
      rules: [
        {
          id: 'a',
          description: 'd',
          kind: 'artifact-integrity',
          enforcement: { staging: 'dryrun' },
        },
      ],
    });
    expect(
      evaluate(strict, makeEvidence({ artifactDigests: [] }), { environment: 'qa', now }).outcome,
    ).toBe('deny');
  });

  it('warns for severity warn and only reports severity info', () => {
    const stale = makeEvidence({ evaluatedAt: '2026-11-01T00:00:00.000Z' });
    const decision = evaluate(policy, stale, { environment: 'production', now, predicates });
    expect(decision.outcome).toBe('warn');
    expect(statusOf(decision, 'fresh-evaluation')).toBe('warn');
    const info = definePolicy({
      name: 'p',
      rules: [{ id: 'f', description: 'd', kind: 'freshness', maxAge: '1d', severity: 'info' }],
    });
    const infoDecision = evaluate(info, stale, { now });
    expect(infoDecision.outcome).toBe('allow');
    expect(infoDecision.results[0]).toMatchObject({ status: 'warn', severity: 'info' });
  });

  it('fails closed when a custom predicate throws or is not registered', () => {
    const throwing = evaluate(policy, makeEvidence(), {
      environment: 'production',
      now,
      predicates: {
        'p99-latency': () => {
          throw new Error('metrics service down');
        },
      },
    });
    expect(throwing.outcome).toBe('deny');
    expect(throwing.results.at(-1)).toMatchObject({ status: 'error', code: 'PREDICATE_THREW' });
    expect(
      evaluate(policy, makeEvidence(), { environment: 'production', now }).results.at(-1)?.code,
    ).toBe('PREDICATE_NOT_REGISTERED');
  });

  it('throws typed errors for invalid evidence and an invalid clock', () => {
    const bad = { ...makeEvidence(), metrics: [{ name: 'auc', value: 'high' }] };
    expect(() => evaluate(policy, bad as never, { now })).toThrow(
      /Invalid Evidence at metrics\[0\]\.value/,
    );
    try {
      evaluate(policy, makeEvidence(), { now: 'yesterday' });
      expect.unreachable();
    } catch (error) {
      expect(InvalidInputError.isInstance(error)).toBe(true);
      expect((error as InvalidInputError).code).toBe('CLOCK_INVALID');
    }
    expect(evaluate(policy, makeEvidence(), { now: () => now, predicates }).evaluatedAt).toBe(
      now.toISOString(),
    );
  });
});

describe('waivers', () => {
  const failing = () => makeEvidence({ artifactDigests: [] });
  const waiver = {
    ruleId: 'artifacts-intact',
    reason: 'digests recomputed after storage migration, ticket OPS-12',
    by: 'dana@example.com',
    expires: '2026-12-01T00:00:00.000Z',
  };

  it('suppresses a failure and is counted', () => {
    const decision = evaluate(policy, failing(), {
      environment: 'production',
      now,
      predicates,
      waivers: [waiver],
    });
    expect(decision.outcome).toBe('allow');
    expect(statusOf(decision, 'artifacts-intact')).toBe('waived');
    expect(decision.results.find(result => result.ruleId === 'artifacts-intact')?.reason).toMatch(
      /^Waived by dana@example.com until 2026-12-01T00:00:00.000Z \(digests recomputed.*Finding: No recomputed digest/,
    );
    expect(decision.waivers).toEqual([waiver]);
  });

  it('is not counted when the rule passes or the rule is in dryrun', () => {
    const passing = evaluate(policy, makeEvidence(), {
      environment: 'production',
      now,
      predicates,
      waivers: [waiver],
    });
    expect(passing.waivers).toEqual([]);
    expect(statusOf(passing, 'artifacts-intact')).toBe('pass');
    const dryrun = evaluate(policy, failing(), {
      environment: 'dev',
      now,
      predicates,
      waivers: [waiver],
    });
    expect(dryrun.waivers).toEqual([]);
  });

  it('ignores an expired waiver with a warning in the reason', () => {
    const expired = { ...waiver, expires: '2026-11-20T12:00:00.000Z' };
    const decision = evaluate(policy, failing(), {
      environment: 'production',
      now,
      predicates,
      waivers: [expired],
    });
    expect(decision.outcome).toBe('deny');
    expect(decision.waivers).toEqual([]);
    expect(decision.results.find(result => result.ruleId === 'artifacts-intact')?.reason).toContain(
      'Warning: waiver by dana@example.com expired at 2026-11-20T12:00:00.000Z and was ignored.',
    );
  });

  it('respects waiver environments and reads waivers from the policy document', () => {
    const scoped = { ...waiver, environments: ['staging'] };
    expect(
      evaluate(policy, failing(), { environment: 'production', now, predicates, waivers: [scoped] })
        .outcome,
    ).toBe('deny');
    const withWaiver = definePolicy({ ...policy, waivers: [waiver] });
    expect(
      evaluate(withWaiver, failing(), { environment: 'production', now, predicates }).waivers,
    ).toHaveLength(1);
  });

  it('rejects malformed waivers passed as options', () => {
    expect(() =>
      evaluate(policy, makeEvidence(), { now, waivers: [{ ...waiver, expires: 'next week' }] }),
    ).toThrow(/options.waivers at \[0\]\.expires/);
  });
});
