import { InvalidInputError } from '@ballast/contracts';
import { describe, expect, it } from 'vitest';
import { parsePolicy } from './load-policy';
import { suggestKey } from './strict-object';

const rule = (fields: Record<string, unknown>) => ({ id: 'r', description: 'd', ...fields });

// Each misspelling used to be dropped silently, leaving a weaker rule that allowed.
const misspellings: Array<{ policy: unknown; path: string; key: string; suggestion?: string }> = [
  {
    policy: { name: 'p', rules: [rule({ kind: 'approvals', minApprovers: 1, minApprover: 3 })] },
    path: 'rules[0].minApprover',
    key: 'minApprover',
    suggestion: 'minApprovers',
  },
  {
    policy: {
      name: 'p',
      rules: [rule({ kind: 'approvals', minApprovers: 2, allowedGroup: ['ml-leads'] })],
    },
    path: 'rules[0].allowedGroup',
    key: 'allowedGroup',
    suggestion: 'allowedGroups',
  },
  {
    policy: { name: 'p', rules: [rule({ kind: 'drift', maxDriftshare: 0.1 })] },
    path: 'rules[0].maxDriftshare',
    key: 'maxDriftshare',
    suggestion: 'maxDriftShare',
  },
  {
    policy: {
      name: 'p',
      rules: [rule({ kind: 'metric-threshold', metric: 'auc', value: { upper: 1, lowr: 0.9 } })],
    },
    path: 'rules[0].value.lowr',
    key: 'lowr',
    suggestion: 'lower',
  },
  {
    policy: {
      name: 'p',
      rules: [
        rule({
          kind: 'metric-threshold',
          metric: 'auc',
          change: { direction: 'higher_is_better', relative: -0.01, absolut: 0 },
        }),
      ],
    },
    path: 'rules[0].change.absolut',
    key: 'absolut',
    suggestion: 'absolute',
  },
  {
    policy: { name: 'p', enforcment: 'warn', rules: [rule({ kind: 'artifact-integrity' })] },
    path: 'enforcment',
    key: 'enforcment',
    suggestion: 'enforcement',
  },
  {
    policy: {
      name: 'p',
      rules: [rule({ kind: 'artifact-integrity' })],
      waivers: [
        { ruleId: 'r', reason: 'x', by: 'y', expires: '2030-01-01T00:00:00Z', environment: ['a'] },
      ],
    },
    path: 'waivers[0].environment',
    key: 'environment',
    suggestion: 'environments',
  },
  {
    policy: { name: 'p', rules: [rule({ kind: 'freshness', maxAge: '7d', flavour: 'x' })] },
    path: 'rules[0].flavour',
    key: 'flavour',
  },
];

describe('unknown keys in a policy', () => {
  for (const { policy, path, key, suggestion } of misspellings) {
    it(`refuses ${path} with POLICY_INVALID${suggestion ? ` and suggests ${suggestion}` : ''}`, () => {
      let error: unknown;
      try {
        parsePolicy(policy);
      } catch (caught) {
        error = caught;
      }
      expect(error).toBeInstanceOf(InvalidInputError);
      const invalid = error as InvalidInputError;
      expect(invalid.code).toBe('POLICY_INVALID');
      expect(invalid.details).toMatchObject({ path });
      expect(invalid.message).toContain(`unknown key "${key}"`);
      if (suggestion) expect(invalid.message).toContain(`did you mean "${suggestion}"?`);
      else expect(invalid.message).not.toContain('did you mean');
    });
  }

  it('points at the line of the misspelled key in YAML', () => {
    const text = [
      'name: p',
      'rules:',
      '  - id: two-approvers',
      '    description: two leads',
      '    kind: approvals',
      '    minApprovers: 1',
      '    minApprover: 2',
    ].join('\n');
    expect(() => parsePolicy(text, { uri: 'policy.yaml' })).toThrow(
      /rules\[0\]\.minApprover \(line 7, column 5\): unknown key "minApprover" \(did you mean "minApprovers"\?\)/,
    );
  });

  it('lists several unknown keys of one object together', () => {
    expect(() =>
      parsePolicy({ name: 'p', rules: [rule({ kind: 'drift', maxDriftshare: 0.1, colums: [] })] }),
    ).toThrow(
      /unknown keys "maxDriftshare" \(did you mean "maxDriftShare"\?\), "colums" \(did you mean "columns"\?\)/,
    );
  });
});

describe('suggestKey', () => {
  it('suggests close keys and nothing for unrelated ones', () => {
    expect(suggestKey('MINAPPROVERS', ['minApprovers'])).toBe('minApprovers');
    expect(suggestKey('severty', ['id', 'severity', 'kind'])).toBe('severity');
    expect(suggestKey('banana', ['id', 'severity', 'kind'])).toBeUndefined();
    expect(suggestKey('x', [])).toBeUndefined();
  });

  it('suggests the closest rule kind for a misspelled kind', () => {
    expect(() =>
      parsePolicy({ name: 'p', rules: [rule({ kind: 'metric-treshold', metric: 'auc' })] }),
    ).toThrow(/unknown rule kind "metric-treshold" \(did you mean "metric-threshold"\?\)/);
  });
});
