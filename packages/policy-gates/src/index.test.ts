import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { LineageEvent } from '@ballast/contracts';
import { afterAll, describe, expect, it } from 'vitest';
import { makeEvidence, now } from './__fixtures__/evidence';
import {
  appendDecision,
  type CustomPredicate,
  emitDecision,
  evaluate,
  exitCode,
  loadPolicy,
  loadPolicyTestCases,
  renderJUnit,
  renderMarkdown,
  renderSarif,
  renderText,
  testPolicy,
  verifyDecisionLog,
} from './index';

const fixture = (name: string) => fileURLToPath(new URL(`./__fixtures__/${name}`, import.meta.url));
const directories: string[] = [];
afterAll(async () => {
  await Promise.all(directories.map(directory => rm(directory, { recursive: true, force: true })));
});

describe('a promotion gate end to end, through the public API', () => {
  it('loads, tests, evaluates, renders, logs and emits a decision', async () => {
    const policy = await loadPolicy(fixture('promotion-policy.yaml'));
    const predicates: Record<string, CustomPredicate> = {
      'p99-latency': ({ evidence, params }) =>
        Number(evidence.attributes?.p99LatencyMs) <= Number(params.maxMs),
    };
    const report = testPolicy(
      policy,
      await loadPolicyTestCases(fixture('promotion-policy.test.yaml')),
      {
        predicates,
      },
    );
    expect(report.failed).toBe(0);

    const evidence = makeEvidence({ attributes: { p99LatencyMs: 80 } });
    const decision = evaluate(policy, evidence, { environment: 'production', now, predicates });
    expect(decision.outcome).toBe('deny');
    expect(exitCode(decision)).toBe(2);
    expect(renderText(decision)).toContain('FAIL - latency - Predicate "p99-latency" failed.');
    expect(renderJUnit(decision)).toContain(
      '<testcase name="latency" classname="fraud-promotion">',
    );
    expect(JSON.parse(renderSarif(decision, { policy })).runs[0].results[12].locations[0]).toEqual({
      physicalLocation: {
        artifactLocation: { uri: fixture('promotion-policy.yaml') },
        region: { startLine: 68 },
      },
    });
    expect(renderMarkdown(decision)).toContain('| ❌ | `latency` | FAIL `PREDICATE_FAILED` |');

    const directory = await mkdtemp(join(tmpdir(), 'policy-gates-e2e-'));
    directories.push(directory);
    const log = join(directory, 'decisions.jsonl');
    const entry = await appendDecision(log, decision);
    expect(await verifyDecisionLog(log, { expectedHead: entry.hash })).toMatchObject({
      valid: true,
      entries: 1,
    });

    const events: LineageEvent[] = [];
    await emitDecision(
      { specificationVersion: 'v1', emit: async event => void events.push(event) },
      decision,
      {
        namespace: 'ci',
        producer: 'https://github.com/acme/ml',
      },
    );
    expect(events[0]!.run.facets!.ballast_policyDecision).toMatchObject({ outcome: 'deny' });
  });
});

describe('the public surface', () => {
  it('keeps the root small and the kernels on /internals', async () => {
    const root = await import('./index');
    const internals = await import('./internals');
    expect(Object.keys(root).length).toBeLessThanOrEqual(40);
    for (const name of ['ruleEffect', 'enforcementFor', 'compareMetric', 'decisionLogEntryHash']) {
      expect(root).not.toHaveProperty(name);
      expect(internals).toHaveProperty(name);
    }
    expect(root).not.toHaveProperty('canonicalJson');
    expect(root).not.toHaveProperty('sha256Of');
  });
});
