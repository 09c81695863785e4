import {
  evidenceSchema,
  nameSchema,
  type PolicyDecision,
  policyOutcomeSchema,
  ruleResultSchema,
  timestampSchema,
} from '@ballast/contracts';
import { z } from 'zod';
import { type EvaluateOptions, evaluate } from '../evaluation/evaluate';
import { parseDocumentText, parseDocumentValue, readTextFile } from '../policy/parse-document';
import type { Policy } from '../policy/policy-schema';
import { waiverSchema } from '../policy/policy-schema';
import { strictObject } from '../policy/strict-object';

/** One fixture case: evidence (absent = no evidence at all) and the decision it must produce. */
export const policyTestCaseSchema = strictObject({
  name: nameSchema,
  evidence: evidenceSchema.optional(),
  environment: z.string().optional(),
  now: timestampSchema.optional(),
  waivers: z.array(waiverSchema).optional(),
  expect: strictObject({
    outcome: policyOutcomeSchema,
    rules: z.record(z.string(), ruleResultSchema.shape.status).optional(),
    codes: z.record(z.string(), z.string()).optional(),
  }),
});

/** A policy test case. See {@link policyTestCaseSchema}. */
export type PolicyTestCase = z.input<typeof policyTestCaseSchema>;

const casesSchema = z.array(policyTestCaseSchema).min(1, 'expected at least one test case');

/** What one case produced. */
export interface PolicyTestCaseResult {
  name: string;
  passed: boolean;
  /** Human-readable differences between expected and actual; empty when passed. */
  mismatches: string[];
  decision: PolicyDecision;
}

/** The result of {@link testPolicy}. */
export interface PolicyTestReport {
  total: number;
  passed: number;
  failed: number;
  results: PolicyTestCaseResult[];
}

/** Options of {@link testPolicy}: evaluate options shared by every case (a case's own win). */
export type TestPolicyOptions = Omit<EvaluateOptions, 'waivers'>;

/**
 * Runs fixture cases against a policy, as `conftest verify` runs Rego tests: each case's
 * evidence is evaluated and the outcome (and, when given, per-rule statuses and reason codes)
 * compared with the expectation. Cases that name an unknown rule fail.
 *
 * @example
 * ```ts
 * const report = testPolicy(policy, await loadPolicyTestCases('policy.test.yaml'), { predicates });
 * if (report.failed > 0) console.error(formatPolicyTestReport(report));
 * ```
 */
export function testPolicy(
  policy: Policy,
  cases: readonly PolicyTestCase[],
  options: TestPolicyOptions = {},
): PolicyTestReport {
  const validCases = parseDocumentValue(casesSchema, cases, {
    what: 'policy test cases',
    uri: 'cases',
    code: 'POLICY_TEST_INVALID',
  });
  const ruleIds = new Set(policy.rules.map(rule => rule.id));
  const results = validCases.map(testCase => {
    const decision = evaluate(policy, testCase.evidence, {
      ...options,
      ...(testCase.environment === undefined ? {} : { environment: testCase.environment }),
      ...(testCase.now === undefined ? {} : { now: testCase.now }),
      ...(testCase.waivers === undefined ? {} : { waivers: testCase.waivers }),
    });
    const mismatches: string[] = [];
    if (decision.outcome !== testCase.expect.outcome) {
      mismatches.push(`outcome: expected ${testCase.expect.outcome}, got ${decision.outcome}`);
    }
    const compare = (field: 'status' | 'code', expected: Record<string, string> | undefined) => {
      for (const [ruleId, value] of Object.entries(expected ?? {})) {
        if (!ruleIds.has(ruleId)) {
          mismatches.push(`rule ${ruleId}: not in policy ${policy.name}`);
          continue;
        }
        const actual = decision.results.find(result => result.ruleId === ruleId)?.[field];
        if (actual !== value) {
          mismatches.push(`rule ${ruleId}: expected ${field} ${value}, got ${actual ?? 'none'}`);
        }
      }
    };
    compare('status', testCase.expect.rules);
    compare('code', testCase.expect.codes);
    return { name: testCase.name, passed: mismatches.length === 0, mismatches, decision };
  });
  const passed = results.filter(result => result.passed).length;
  return { total: results.length, passed, failed: results.length - passed, results };
}

/**
 * Parses test cases from YAML or JSON text (a list of cases); errors name the path and line.
 *
 * @example
 * ```ts
 * const cases = parsePolicyTestCases(text, { uri: 'policy.test.yaml' });
 * ```
 */
export function parsePolicyTestCases(
  text: string,
  options: { uri?: string } = {},
): PolicyTestCase[] {
  return parseDocumentText(casesSchema, text, {
    what: 'policy test cases',
    uri: options.uri ?? 'cases',
    code: 'POLICY_TEST_INVALID',
  }).value;
}

/**
 * Reads test cases from a YAML or JSON file.
 *
 * @example
 * ```ts
 * const cases = await loadPolicyTestCases('policies/promotion.test.yaml');
 * ```
 */
export async function loadPolicyTestCases(path: string): Promise<PolicyTestCase[]> {
  return parsePolicyTestCases(await readTextFile(path, 'policy test cases'), { uri: path });
}

/**
 * Text report in `conftest verify`'s spirit: one PASS/FAIL line per case with mismatches, then
 * "N tests, N passed, N failed".
 *
 * @example
 * ```ts
 * console.log(formatPolicyTestReport(report));
 * ```
 */
export function formatPolicyTestReport(report: PolicyTestReport): string {
  const lines: string[] = [];
  for (const result of report.results) {
    lines.push(`${result.passed ? 'PASS' : 'FAIL'} - ${result.name}`);
    for (const mismatch of result.mismatches) lines.push(`    ${mismatch}`);
  }
  lines.push('', `${report.total} tests, ${report.passed} passed, ${report.failed} failed`);
  return `${lines.join('\n')}\n`;
}
