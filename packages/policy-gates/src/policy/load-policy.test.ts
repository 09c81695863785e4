import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { InvalidInputError, NotFoundError } from '@ballast/contracts';
import { stringify } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { policyDigest } from '../evaluation/evaluate';
import { definePolicy, loadPolicy, parsePolicy, policySourceOf } from './load-policy';
import { metricThresholdRule } from './policy-builders';
import { ruleKinds } from './policy-schema';

const fixturePath = fileURLToPath(
  new URL('../__fixtures__/promotion-policy.yaml', import.meta.url),
);

function expectPolicyError(text: string, check: { path: string; line?: number; message: RegExp }) {
  try {
    parsePolicy(text, { uri: 'policy.yaml' });
    expect.unreachable('the policy should be rejected');
  } catch (error) {
    expect(InvalidInputError.isInstance(error)).toBe(true);
    const details = (error as InvalidInputError).details as { path: string; line?: number };
    expect((error as InvalidInputError).code).toBe('POLICY_INVALID');
    expect(details.path).toBe(check.path);
    if (check.line !== undefined) expect(details.line).toBe(check.line);
    expect((error as Error).message).toMatch(check.message);
    expect((error as Error).message).toContain('policy.yaml');
  }
}

const header = 'name: p\nrules:\n';

describe('parsePolicy', () => {
  it('loads the fixture policy with defaults filled and rule lines known', async () => {
    const policy = await loadPolicy(fixturePath);
    expect(policy.kind).toBe('Policy');
    expect(policy.specVersion).toBe('ballast.dev/v1');
    expect(policy.rules).toHaveLength(13);
    expect(policy.rules[0]!.severity).toBe('deny');
    expect(policy.waivers).toEqual([]);
    const source = policySourceOf(policy)!;
    expect(source.uri).toBe(fixturePath);
    expect(source.lineOf(['rules', 0])).toBe(10);
    expect(source.lineOf(['rules', 1, 'change'])).toBe(19);
  });

  it('gives the YAML, JSON and TypeScript spellings of a policy the same digest', async () => {
    const yamlPolicy = await loadPolicy(fixturePath);
    const asJson = JSON.stringify(parsePolicy(stringify(yamlPolicy)), null, 2);
    expect(policyDigest(parsePolicy(asJson, { uri: 'policy.json' }))).toBe(
      policyDigest(yamlPolicy),
    );
    const built = definePolicy({
      name: 'p',
      rules: [
        metricThresholdRule({ id: 'a', description: 'd', metric: 'auc', value: { lower: 1 } }),
      ],
    });
    const written = parsePolicy(
      `${header}  - { id: a, description: d, kind: metric-threshold, metric: auc, value: { lower: 1 } }\n`,
    );
    expect(policyDigest(built)).toBe(policyDigest(written));
  });

  it('names the path and the line of a metric bound of the wrong type', () => {
    expectPolicyError(
      `${header}  - id: auc\n    description: d\n    kind: metric-threshold\n    metric: auc\n    value:\n      lower: high\n`,
      { path: 'rules[0].value.lower', line: 8, message: /line 8, column 14.*expected number/ },
    );
  });

  it('lists the valid kinds for an unknown rule kind, at the kind line', () => {
    expectPolicyError(`${header}  - id: a\n    description: d\n    kind: metric-treshold\n`, {
      path: 'rules[0].kind',
      line: 5,
      message: new RegExp(
        `unknown rule kind "metric-treshold" \\(did you mean "metric-threshold"\\?\\); valid kinds: ${ruleKinds.join(', ')}`,
      ),
    });
  });

  it('reports a malformed duration with the rule path and line', () => {
    expectPolicyError(
      `${header}  - id: fresh\n    description: d\n    kind: freshness\n    maxAge: 7 days\n`,
      { path: 'rules[0].maxAge', line: 6, message: /Invalid duration "7 days"/ },
    );
  });

  it('points a missing field at its closest parent', () => {
    expectPolicyError(`${header}  - id: a\n    kind: approvals\n    minApprovers: 1\n`, {
      path: 'rules[0].description',
      line: 3,
      message: /expected string/,
    });
  });

  it('rejects duplicate ids, waivers of unknown rules and mixed threshold styles', () => {
    const rule = '  - { id: a, description: d, kind: artifact-integrity }\n';
    expectPolicyError(`${header}${rule}${rule}`, {
      path: 'rules[1].id',
      line: 4,
      message: /duplicate rule id "a"/,
    });
    expectPolicyError(
      `${header}${rule}waivers:\n  - { ruleId: b, reason: r, by: x, expires: '2027-01-01T00:00:00Z' }\n`,
      { path: 'waivers[0].ruleId', line: 5, message: /unknown rule "b"; known rules: a/ },
    );
    expectPolicyError(`${header}  - { id: g, description: d, kind: slice-gap, metric: recall }\n`, {
      path: 'rules[0]',
      line: 3,
      message: /expected maxGap, minRatio or both/,
    });
    expectPolicyError(
      `${header}  - { id: m, description: d, kind: metric-threshold, metric: auc, value: { lower: 1 }, threshold: 1, greater_is_better: true }\n`,
      { path: 'rules[0]', message: /mixes TFX fields/ },
    );
  });

  it('applies MLflow constructor rules', () => {
    const mlflow = (fields: string) =>
      `${header}  - { id: m, description: d, kind: metric-threshold, metric: auc, ${fields} }\n`;
    expectPolicyError(mlflow('threshold: 0.8'), {
      path: 'rules[0].greater_is_better',
      message: /need greater_is_better/,
    });
    expectPolicyError(mlflow('min_absolute_change: 0, greater_is_better: true'), {
      path: 'rules[0].min_absolute_change',
      message: /> 0/,
    });
    expectPolicyError(mlflow('min_relative_change: 1.5, greater_is_better: true'), {
      path: 'rules[0].min_relative_change',
      message: /\[0, 1\]/,
    });
    expect(parsePolicy(mlflow('threshold: 0.8, higher_is_better: true')).rules[0]).toMatchObject({
      higher_is_better: true,
    });
  });

  it('reports YAML syntax errors with their line as POLICY_SYNTAX', () => {
    try {
      parsePolicy('name: p\nrules:\n  - id: [unclosed\n', { uri: 'bad.yaml' });
      expect.unreachable();
    } catch (error) {
      expect((error as InvalidInputError).code).toBe('POLICY_SYNTAX');
      expect((error as InvalidInputError).details?.line).toBeGreaterThan(2);
      expect((error as Error).message).toContain('bad.yaml');
    }
  });

  it('validates objects without line numbers', () => {
    expect(() => parsePolicy({ name: 'p', rules: [] })).toThrow(
      /rules: a policy needs at least one rule/,
    );
  });

  describe('files', () => {
    let directory: string;
    beforeAll(async () => {
      directory = await mkdtemp(join(tmpdir(), 'policy-gates-'));
    });
    afterAll(async () => {
      await rm(directory, { recursive: true, force: true });
    });

    it('throws NotFoundError for a missing file', async () => {
      const error = await loadPolicy(join(directory, 'absent.yaml')).catch(caught => caught);
      expect(NotFoundError.isInstance(error)).toBe(true);
      expect(error.code).toBe('FILE_NOT_FOUND');
    });

    it('throws FILE_UNREADABLE for a directory', async () => {
      const error = await loadPolicy(directory).catch(caught => caught);
      expect(InvalidInputError.isInstance(error)).toBe(true);
      expect(error.code).toBe('FILE_UNREADABLE');
      expect(error.details.path).toBe(directory);
    });

    it('reads JSON files with line numbers', async () => {
      const path = join(directory, 'policy.json');
      await writeFile(
        path,
        '{\n  "name": "p",\n  "rules": [\n    {\n      "id": "a",\n      "description": "d",\n      "kind": "approvals",\n      "minApprovers": "two"\n    }\n  ]\n}\n',
      );
      const error = await loadPolicy(path).catch(caught => caught);
      expect(error.details).toMatchObject({ path: 'rules[0].minApprovers', line: 8 });
    });
  });
});
