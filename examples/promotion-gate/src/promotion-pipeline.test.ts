import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseLineageEvent } from '@ballast/contracts';
import { verifyDecisionLog } from '@ballast/policy-gates';
import { createFileRegistry } from '@ballast/registry-client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runPromotionPipeline } from './promotion-pipeline';

const approvedByBob = [
  { approver: 'bob@example.com', decision: 'approved' as const, at: '2026-11-22T09:00:00Z' },
];
const now = new Date('2026-11-22T10:00:00Z');

describe('promotion pipeline on embedded defaults', () => {
  let workDirectory: string;
  beforeEach(async () => {
    workDirectory = await mkdtemp(join(tmpdir(), 'ballast-promotion-'));
  });
  afterEach(async () => {
    await rm(workDirectory, { recursive: true, force: true });
  });

  it('promotes a reviewed model whose serving data matches training data', async () => {
    const result = await runPromotionPipeline({ workDirectory, approvals: approvedByBob, now });
    const failing = result.decision.results.filter(rule => rule.status !== 'pass');
    expect(failing).toEqual([]);
    expect(result.decision.outcome).toBe('allow');
    expect(result.promoted).toBe(true);
    const registry = createFileRegistry({ root: result.paths.registry });
    const champion = await registry.getModelVersionByAlias('fraud-detector', 'champion');
    expect(champion.version).toBe(result.version);
  });

  it('denies a model when serving data drifted, and leaves the alias alone', async () => {
    const result = await runPromotionPipeline({
      workDirectory,
      approvals: approvedByBob,
      servingAmountScale: 3,
      now,
    });
    expect(result.decision.outcome).toBe('deny');
    const drift = result.decision.results.find(rule => rule.ruleId === 'no-dataset-drift');
    expect(drift?.status).toBe('fail');
    expect(result.promoted).toBe(false);
    const registry = createFileRegistry({ root: result.paths.registry });
    await expect(registry.getModelVersionByAlias('fraud-detector', 'champion')).rejects.toThrow();
  });

  it('denies self-approval', async () => {
    const result = await runPromotionPipeline({
      workDirectory,
      author: 'bob@example.com',
      approvals: approvedByBob,
      now,
    });
    expect(result.decision.results.find(rule => rule.ruleId === 'one-reviewer')?.status).toBe(
      'fail',
    );
    expect(result.promoted).toBe(false);
  });

  it('keeps a verifiable decision log and valid lineage across runs', async () => {
    await runPromotionPipeline({ workDirectory, approvals: approvedByBob, now });
    const second = await runPromotionPipeline({ workDirectory, approvals: approvedByBob, now });
    expect(second.version).toBe('2');
    const verification = await verifyDecisionLog(second.paths.decisions);
    expect(verification.valid).toBe(true);
    expect(verification.entries).toBe(2);
    const lines = (await readFile(second.paths.lineage, 'utf8')).trim().split('\n');
    const events = lines.map(line => parseLineageEvent(JSON.parse(line)));
    expect(events.map(event => event.eventType)).toEqual([
      'START',
      'COMPLETE',
      'COMPLETE',
      'START',
      'COMPLETE',
      'COMPLETE',
    ]);
    expect(events[1]?.outputs?.[0]?.name).toContain('fraud-detector');
  });
});
