import { fileURLToPath } from 'node:url';
import { InvalidInputError } from '@ballast/contracts';
import { beforeAll, describe, expect, it } from 'vitest';
import { makeEvidence, now } from '../__fixtures__/evidence';
import { loadPolicy } from '../policy/load-policy';
import type { Policy } from '../policy/policy-schema';
import {
  formatPolicyTestReport,
  loadPolicyTestCases,
  parsePolicyTestCases,
  testPolicy,
} from './test-policy';

const fixture = (name: string) =>
  fileURLToPath(new URL(`../__fixtures__/${name}`, import.meta.url));
const predicates = { 'p99-latency': () => true };

let policy: Policy;
beforeAll(async () => {
  policy = await loadPolicy(fixture('promotion-policy.yaml'));
});

describe('testPolicy', () => {
  it('runs the fixture cases shipped with the policy', async () => {
    const cases = await loadPolicyTestCases(fixture('promotion-policy.test.yaml'));
    const report = testPolicy(policy, cases, { predicates });
    expect(report.results.map(result => result.mismatches)).toEqual([[], [], []]);
    expect(report).toMatchObject({ total: 3, passed: 3, failed: 0 });
    expect(formatPolicyTestReport(report)).toContain('3 tests, 3 passed, 0 failed');
  });

  it('reports outcome, status and code mismatches and unknown rules', () => {
    const report = testPolicy(
      policy,
      [
        {
          name: 'wrong expectations',
          evidence: makeEvidence(),
          environment: 'production',
          now: now.toISOString(),
          expect: {
            outcome: 'deny',
            rules: { 'auc-floor': 'fail', 'no-such-rule': 'pass' },
            codes: { 'auc-floor': 'METRIC_MISSING' },
          },
        },
      ],
      { predicates },
    );
    expect(report).toMatchObject({ total: 1, passed: 0, failed: 1 });
    expect(report.results[0]!.mismatches).toEqual([
      'outcome: expected deny, got allow',
      'rule auc-floor: expected status fail, got pass',
      'rule no-such-rule: not in policy fraud-promotion',
      'rule auc-floor: expected code METRIC_MISSING, got PASS',
    ]);
    expect(formatPolicyTestReport(report)).toContain(
      'FAIL - wrong expectations\n    outcome: expected deny, got allow',
    );
  });

  it('rejects malformed case files with the path and line', () => {
    try {
      parsePolicyTestCases('- name: x\n  expect:\n    outcome: maybe\n', { uri: 'cases.yaml' });
      expect.unreachable();
    } catch (error) {
      expect(InvalidInputError.isInstance(error)).toBe(true);
      expect((error as InvalidInputError).details).toMatchObject({
        path: '[0].expect.outcome',
        line: 3,
      });
    }
  });
});
