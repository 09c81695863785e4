import { parsePolicyDecision } from '@ballast/contracts';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { mixedDecision } from '../__fixtures__/decisions';
import { makeEvidence, now } from '../__fixtures__/evidence';
import { evaluate } from '../evaluation/evaluate';
import { parsePolicy } from '../policy/load-policy';
import { resultLabel, summarizeDecision } from './decision-summary';
import { renderJUnit } from './render-junit';
import { renderMarkdown } from './render-markdown';
import { toSarif } from './render-sarif';
import { renderJson, renderText } from './render-text';

const decision = mixedDecision();

describe('labels and summary', () => {
  it('labels one result of each kind', () => {
    expect(decision.results.map(resultLabel)).toEqual([
      'FAIL',
      'ERROR',
      'WARN',
      'DRYRUN',
      'INFO',
      'WAIVED',
      'PASS',
    ]);
    expect(decision.outcome).toBe('deny');
  });

  it('tallies like Conftest', () => {
    expect(summarizeDecision(decision)).toEqual({
      tests: 7,
      passed: 1,
      warnings: 1,
      failures: 2,
      exceptions: 1,
      notEnforced: 2,
    });
  });
});

describe('renderText and renderJson', () => {
  it('prints failing rules with observed and expected, waivers and the summary', () => {
    const text = renderText(decision);
    expect(text).toContain('Policy mixed <&> policy v1 in production: DENY');
    expect(text).toContain('FAIL - auc-floor - auc [(overall)]: 0.91 < lower bound 0.95');
    expect(text).toContain('    observed: {"value":0.91}');
    expect(text).toContain('    expected: {"value":{"lower":0.95}}');
    expect(text).toContain(
      'waiver: digests by dana until 2027-01-01T00:00:00.000Z: migration | OPS-1',
    );
    expect(text).not.toContain('PASS - lineage');
    expect(text.trimEnd().split('\n').at(-1)).toBe(
      '7 tests, 1 passed, 1 warning, 2 failures, 1 exception, 2 not enforced',
    );
    expect(renderText(decision, { showPassed: true })).toContain(
      'PASS - lineage - Trained by run run-42',
    );
  });

  it('round-trips the decision as JSON', () => {
    expect(parsePolicyDecision(JSON.parse(renderJson(decision)))).toEqual(decision);
  });
});

describe('renderJUnit', () => {
  const xml = renderJUnit(decision);

  const testcase = (name: string, source = xml) => {
    const match = new RegExp(`<testcase name="${name}"[^>]*>([\\s\\S]*?)</testcase>`).exec(source);
    expect(match, `testcase ${name}`).not.toBeNull();
    return match![1]!;
  };

  it('writes one testcase per rule with escaped text and consistent counts', () => {
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<testsuites')).toBe(true);
    expect(xml.match(/<testcase /g)).toHaveLength(7);
    expect(xml).toContain('tests="7" failures="1" errors="1" skipped="3"');
    expect(xml).toContain('classname="mixed &lt;&amp;&gt; policy"');
    expect(xml).not.toMatch(/<badly>|& "/);
    // Every opened element is closed: a structural check without an XML parser.
    const opened = (
      xml.match(/<(testsuites|testsuite|testcase|failure|error|properties|system-out)[\s>]/g) ?? []
    ).length;
    const closed = (
      xml.match(/<\/(testsuites|testsuite|testcase|failure|error|properties|system-out)>/g) ?? []
    ).length;
    expect(opened).toBe(closed);
  });

  it('maps deny failures to failure, broken checks to error, waived and dryrun to skipped', () => {
    expect(testcase('auc-floor')).toMatch(
      /<failure message="auc \[\(overall\)\]: 0.91 &lt; lower bound 0.95" type="THRESHOLD_NOT_MET">/,
    );
    expect(testcase('broken')).toContain(
      '<error message="Predicate &quot;boom&quot; threw: exploded &lt;badly&gt; &amp; &quot;loudly&quot;" type="PREDICATE_THREW">',
    );
    expect(testcase('digests')).toMatch(/<skipped message="waived: Waived by dana/);
    expect(testcase('drift-dry')).toMatch(/<skipped message="dryrun: \[dryrun\] Drift/);
    expect(testcase('card-info')).toMatch(/<skipped message="info: /);
    expect(testcase('lineage')).toBe('');
  });

  it('reports warnings as output, or as failures with failOnWarn', () => {
    expect(testcase('stale')).toMatch(/^\s*<system-out>WARN: The evaluation is 1d old/);
    const strict = renderJUnit(decision, { failOnWarn: true });
    expect(testcase('stale', strict)).toContain('<failure message="The evaluation is 1d old');
    expect(strict).toContain('failures="2" errors="1" skipped="3"');
  });
});

const sarifLevel = z.enum(['none', 'note', 'warning', 'error']);
const message = z.object({ text: z.string().min(1) });
/** The SARIF 2.1.0 fields code-scanning consumers require, as a zod subset of the OASIS schema. */
const sarifSubset = z.object({
  $schema: z.url(),
  version: z.literal('2.1.0'),
  runs: z
    .array(
      z.object({
        tool: z.object({
          driver: z.object({
            name: z.string().min(1),
            informationUri: z.url().optional(),
            rules: z.array(
              z.object({
                id: z.string().min(1),
                shortDescription: message,
                fullDescription: message.optional(),
                defaultConfiguration: z.object({ level: sarifLevel }).optional(),
              }),
            ),
          }),
        }),
        results: z.array(
          z.object({
            ruleId: z.string().min(1),
            ruleIndex: z.number().int().nonnegative(),
            kind: z.enum(['notApplicable', 'pass', 'fail', 'review', 'open', 'informational']),
            level: sarifLevel,
            message,
            locations: z
              .array(
                z.object({
                  physicalLocation: z.object({
                    artifactLocation: z.object({ uri: z.string().min(1) }),
                    region: z.object({ startLine: z.number().int().min(1) }),
                  }),
                }),
              )
              .optional(),
            suppressions: z
              .array(
                z.object({
                  kind: z.enum(['inSource', 'external']),
                  status: z.enum(['accepted', 'underReview', 'rejected']),
                  justification: z.string(),
                }),
              )
              .optional(),
          }),
        ),
      }),
    )
    .length(1),
});

describe('toSarif', () => {
  it('produces the required SARIF 2.1.0 structure with consistent rule references', () => {
    const log = sarifSubset.parse(JSON.parse(JSON.stringify(toSarif(decision))));
    const run = log.runs[0]!;
    expect(run.tool.driver.rules.map(rule => rule.id)).toEqual(
      decision.results.map(result => result.ruleId),
    );
    for (const result of run.results) {
      expect(run.tool.driver.rules[result.ruleIndex]!.id).toBe(result.ruleId);
      // SARIF §3.27.9: a result whose kind is not "fail" must have level "none".
      if (result.kind !== 'fail') expect(result.level).toBe('none');
    }
    expect(run.results.map(result => result.level)).toEqual([
      'error',
      'error',
      'warning',
      'note',
      'note',
      'error',
      'none',
    ]);
    expect(run.results[5]!.suppressions).toEqual([
      {
        kind: 'external',
        status: 'accepted',
        justification: expect.stringContaining('migration | OPS-1'),
      },
    ]);
    expect(run.results[0]!.locations).toBeUndefined();
  });

  it('uses rule descriptions and points results at rule lines of a policy file', () => {
    const text =
      'name: p\nrules:\n  - id: auc\n    description: AUC at least 0.95\n    kind: metric-threshold\n    metric: auc\n    value: { lower: 0.95 }\n';
    const policy = parsePolicy(text, { uri: 'policies/p.yaml' });
    const log = toSarif(evaluate(policy, makeEvidence(), { now }), { policy });
    const run = sarifSubset.parse(log).runs[0]!;
    expect(run.tool.driver.rules[0]!.shortDescription.text).toBe('AUC at least 0.95');
    expect(run.results[0]!.locations).toEqual([
      {
        physicalLocation: {
          artifactLocation: { uri: 'policies/p.yaml' },
          region: { startLine: 3 },
        },
      },
    ]);
  });
});

describe('renderMarkdown', () => {
  const markdown = renderMarkdown(decision);

  it('leads with the outcome and lists failures first with escaped cells', () => {
    expect(markdown.split('\n')[0]).toBe('### Policy `mixed <&> policy` `v1`: ❌ deny');
    const rows = markdown
      .split('\n')
      .filter(
        line => line.startsWith('| ') && !line.startsWith('| ---') && !line.startsWith('| |'),
      );
    expect(rows.map(row => row.split(' | ')[1])).toEqual([
      '`auc-floor`',
      '`broken`',
      '`stale`',
      '`drift-dry`',
      '`card-info`',
      '`digests`',
      '`lineage`',
    ]);
    // Every row has the same number of unescaped cell separators as the header.
    for (const row of rows) expect(row.replace(/\\\|/g, '').split('|').length).toBe(8);
    expect(markdown).toContain('exploded &lt;badly> & "loudly"');
  });

  it('folds passing rules and digests into details, and lists waivers', () => {
    expect(markdown).toContain('<details><summary>Passed rules</summary>');
    expect(markdown).toContain(
      '- `digests` by dana until 2027-01-01T00:00:00.000Z: migration \\| OPS-1',
    );
    expect(markdown).toContain(`- policy: \`${decision.policy.digest}\``);
    expect(markdown).toContain(`- Evidence: \`${decision.evidence[0]!.digest}\``);
  });
});
