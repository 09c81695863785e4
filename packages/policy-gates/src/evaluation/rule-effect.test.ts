import { describe, expect, it } from 'vitest';
import { makeEvidence, now } from '../__fixtures__/evidence';
import { parsePolicy } from '../policy/load-policy';
import { evaluate } from './evaluate';
import { enforcementFor } from './rule-effect';

// Environment names that are also properties of Object.prototype: a plain `spec[environment]`
// lookup finds an inherited function or object there instead of falling back to `default`.
const prototypeNames = ['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf'];

const failingRule = {
  id: 'auc-floor',
  description: 'AUC >= 0.99',
  kind: 'metric-threshold',
  metric: 'auc',
  value: { lower: 0.99 },
};

describe('enforcement maps fail closed for environments named like prototype members', () => {
  for (const environment of prototypeNames) {
    it(`a deny stays a deny in environment "${environment}" (rule-level map)`, () => {
      const policy = parsePolicy({
        name: 'p',
        rules: [{ ...failingRule, enforcement: { staging: 'warn', default: 'enforce' } }],
      });
      expect(enforcementFor(policy.rules[0]!, policy, environment)).toBe('enforce');
      const decision = evaluate(policy, makeEvidence(), { environment, now });
      expect(decision.outcome).toBe('deny');
      expect(decision.results[0]!.status).toBe('fail');
    });

    it(`a deny stays a deny in environment "${environment}" (policy-level map from YAML)`, () => {
      const policy = parsePolicy(
        [
          'name: p',
          'enforcement: { staging: warn }',
          'rules:',
          '  - { id: auc-floor, description: d, kind: metric-threshold, metric: auc, value: { lower: 0.99 } }',
        ].join('\n'),
      );
      const decision = evaluate(policy, makeEvidence(), { environment, now });
      expect(decision.outcome).toBe('deny');
    });
  }

  it('refuses "__proto__" as an environment key instead of dropping it', () => {
    const enforcement = JSON.parse('{"__proto__": "enforce", "default": "warn"}');
    expect(() => parsePolicy({ name: 'p', rules: [{ ...failingRule, enforcement }] })).toThrow(
      /reserved/,
    );
    expect(() =>
      parsePolicy(
        'name: p\nenforcement: { __proto__: enforce, default: warn }\nrules:\n  - { id: a, description: d, kind: artifact-integrity }\n',
      ),
    ).toThrow(/reserved/);
  });

  it('an environment named like a prototype member still gets its own entry', () => {
    for (const environment of prototypeNames.filter(name => name !== '__proto__')) {
      const enforcement = JSON.parse(`{"${environment}": "dryrun", "default": "enforce"}`);
      const policy = parsePolicy({ name: 'p', rules: [{ ...failingRule, enforcement }] });
      expect(enforcementFor(policy.rules[0]!, policy, environment)).toBe('dryrun');
      expect(enforcementFor(policy.rules[0]!, policy, 'production')).toBe('enforce');
    }
  });
});
