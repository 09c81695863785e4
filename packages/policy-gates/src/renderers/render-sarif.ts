import type { PolicyDecision, RuleResult } from '@ballast/contracts';
import { policySourceOf } from '../policy/load-policy';
import type { Policy } from '../policy/policy-schema';
import { ruleEffect } from '../evaluation/rule-effect';
import { resultLabel } from './decision-summary';

/** The SARIF result levels. */
export type SarifLevel = 'error' | 'warning' | 'note' | 'none';

/** The subset of a SARIF 2.1.0 log that {@link toSarif} writes. */
export interface SarifLog {
  $schema: string;
  version: '2.1.0';
  runs: Array<{
    tool: {
      driver: {
        name: string;
        informationUri: string;
        rules: Array<{
          id: string;
          shortDescription: { text: string };
          fullDescription?: { text: string };
          defaultConfiguration: { level: SarifLevel };
          properties: Record<string, unknown>;
        }>;
      };
    };
    invocations: Array<{ executionSuccessful: boolean; endTimeUtc: string }>;
    results: Array<{
      ruleId: string;
      ruleIndex: number;
      kind: 'pass' | 'fail';
      level: SarifLevel;
      message: { text: string };
      locations?: Array<{
        physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } };
      }>;
      suppressions?: Array<{ kind: 'external'; status: 'accepted'; justification: string }>;
      properties: Record<string, unknown>;
    }>;
    properties: Record<string, unknown>;
  }>;
}

/** Options of {@link toSarif}. */
export interface SarifOptions {
  /** The evaluated policy: gives rule descriptions and, when parsed from a file, locations. */
  policy?: Policy;
  /** URI for locations, e.g. the policy path relative to the repository root. */
  policyUri?: string;
}

function levelOf(result: RuleResult): SarifLevel {
  if (result.status === 'pass') return 'none';
  const effect = ruleEffect(result);
  return effect === 'deny' ? 'error' : effect === 'warn' ? 'warning' : 'note';
}

function severityLevel(severity: RuleResult['severity']): SarifLevel {
  return severity === 'deny' ? 'error' : severity === 'warn' ? 'warning' : 'note';
}

/**
 * Converts a decision to a SARIF 2.1.0 log: one reporting descriptor per rule in
 * `tool.driver.rules`, one result per rule with `ruleId`, `level` (deny → error, warn →
 * warning, dryrun/info → note, pass → none with kind `pass`) and `message`; waived results
 * carry an accepted external suppression. With a policy parsed from a file, results point at
 * the rule's line so code scanning can annotate it.
 *
 * @example
 * ```ts
 * await writeFile('policy.sarif', JSON.stringify(toSarif(decision, { policy, policyUri: 'policy.yaml' })));
 * ```
 */
export function toSarif(decision: PolicyDecision, options: SarifOptions = {}): SarifLog {
  const source = options.policy ? policySourceOf(options.policy) : undefined;
  const uri = options.policyUri ?? source?.uri;
  const ruleIndex = new Map(options.policy?.rules.map((rule, index) => [rule.id, index]));
  const rules = decision.results.map(result => {
    const rule = options.policy?.rules[ruleIndex.get(result.ruleId) ?? -1];
    return {
      id: result.ruleId,
      shortDescription: { text: rule?.description ?? result.ruleId },
      ...(rule ? { fullDescription: { text: `${rule.kind}: ${rule.description}` } } : {}),
      defaultConfiguration: { level: severityLevel(result.severity) },
      properties: { severity: result.severity, ...(rule ? { kind: rule.kind } : {}) },
    };
  });
  const results = decision.results.map((result, index) => {
    const line = source?.lineOf(['rules', ruleIndex.get(result.ruleId) ?? -1]);
    return {
      ruleId: result.ruleId,
      ruleIndex: index,
      kind: result.status === 'pass' ? ('pass' as const) : ('fail' as const),
      level: levelOf(result),
      message: { text: `${resultLabel(result)}: ${result.reason}` },
      ...(uri !== undefined && line !== undefined && ruleIndex.has(result.ruleId)
        ? {
            locations: [
              { physicalLocation: { artifactLocation: { uri }, region: { startLine: line } } },
            ],
          }
        : {}),
      ...(result.status === 'waived'
        ? {
            suppressions: [
              {
                kind: 'external' as const,
                status: 'accepted' as const,
                justification: result.reason,
              },
            ],
          }
        : {}),
      properties: {
        status: result.status,
        ...(result.enforcement ? { enforcement: result.enforcement } : {}),
        ...(result.code ? { code: result.code } : {}),
        ...(result.observed === undefined ? {} : { observed: result.observed }),
        ...(result.expected === undefined ? {} : { expected: result.expected }),
      },
    };
  });
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'ballast-policy-gates',
            informationUri: 'https://ballast.dev/docs/packages/policy-gates',
            rules,
          },
        },
        invocations: [{ executionSuccessful: true, endTimeUtc: decision.evaluatedAt }],
        results,
        properties: {
          policy: decision.policy,
          environment: decision.environment,
          outcome: decision.outcome,
          evidence: decision.evidence,
          waivers: decision.waivers,
        },
      },
    ],
  };
}

/**
 * {@link toSarif} as indented JSON text.
 *
 * @example
 * ```ts
 * await writeFile('policy.sarif', renderSarif(decision, { policy }));
 * ```
 */
export function renderSarif(decision: PolicyDecision, options: SarifOptions = {}): string {
  return `${JSON.stringify(toSarif(decision, options), null, 2)}\n`;
}
