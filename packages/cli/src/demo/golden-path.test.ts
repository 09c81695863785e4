import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { datasetNodeId, type LineageGraph, loadLineageStore } from '@ballast/lineage';
import { verifyDecisionLog } from '@ballast/policy-gates';
import { createFileRegistry } from '@ballast/registry-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GoldenPathResult, runGoldenPath } from './golden-path';

// Whether the graph has a path of edges from one node to another.
function connects(graph: LineageGraph, from: string, to: string): boolean {
  const next = new Map<string, string[]>();
  for (const node of graph.graph) {
    for (const edge of [...node.inEdges, ...node.outEdges]) {
      next.set(edge.origin, [...(next.get(edge.origin) ?? []), edge.destination]);
    }
  }
  const seen = new Set([from]);
  const queue = [from];
  while (queue.length > 0) {
    const node = queue.shift() as string;
    if (node === to) return true;
    for (const target of next.get(node) ?? []) {
      if (!seen.has(target)) {
        seen.add(target);
        queue.push(target);
      }
    }
  }
  return false;
}

async function expectCompleteRun(result: GoldenPathResult): Promise<void> {
  for (const path of Object.values(result.paths)) expect(existsSync(path), path).toBe(true);
  expect(result.requests).toEqual({ sent: 15, failed: 0, rows: 365 });
  // Every served row is in a window, and every row got its late label.
  expect(result.windows.reduce((sum, window) => sum + window.rows, 0)).toBe(365);
  expect(result.realisedAccuracy).toBeGreaterThan(0.6);
  const driftHtml = await readFile(result.paths.driftHtml, 'utf8');
  expect(driftHtml).toContain('<svg');
  expect(JSON.parse(await readFile(result.paths.validationJson, 'utf8')).kind).toBe(
    'ValidationReport',
  );
  const log = await verifyDecisionLog(result.paths.decisions);
  expect(log.valid).toBe(true);

  // The lineage graph leads from the CSV, through training and the model version, to the
  // dataset the deployed model serves.
  const store = await loadLineageStore({ paths: [result.paths.lineage] });
  const serving = datasetNodeId('ballast-examples', `serving.weather-rain.${result.version}`);
  const graph = store.upstream(serving);
  const csv = result.lineageNodes.find(id => id.includes('data/seattle-weather.csv'));
  const model = result.lineageNodes.find(id => id.includes('models/weather-rain/versions/'));
  expect(csv).toBeDefined();
  expect(model).toBeDefined();
  expect(connects(graph, csv as string, model as string)).toBe(true);
  expect(connects(graph, model as string, serving)).toBe(true);
  expect(result.mermaid).toMatch(/^flowchart LR/);
  expect(result.mermaid).toContain('weather-rain.train');
  expect(result.mermaid).toContain('weather-rain.serve');
}

describe('the golden path on Seattle weather', () => {
  const directories: string[] = [];
  const outDir = async () => {
    const directory = await mkdtemp(join(tmpdir(), 'ballast-golden-path-'));
    directories.push(directory);
    return join(directory, 'out');
  };
  let normal: GoldenPathResult;
  let drifted: GoldenPathResult;
  beforeAll(async () => {
    // Larger requests than the demo's, so the test sends fewer of them.
    normal = await runGoldenPath({ outDir: await outDir(), batchRows: 25 });
    drifted = await runGoldenPath({ outDir: await outDir(), batchRows: 25, drift: true });
  }, 120_000);
  afterAll(async () => {
    await Promise.all(
      directories.map(directory => rm(directory, { recursive: true, force: true })),
    );
  });

  it('promotes the model, serves it as the champion, and raises no alert', async () => {
    await expectCompleteRun(normal);
    expect(normal.metrics.accuracy).toBeGreaterThan(0.7);
    expect(normal.metrics.roc_auc).toBeGreaterThan(0.75);
    expect(normal.decision.outcome).toBe('allow');
    expect(normal.promoted).toBe(true);
    expect(normal.servedAlias).toBe('champion');
    const registry = createFileRegistry({ root: normal.paths.registry });
    const champion = await registry.getModelVersionByAlias('weather-rain', 'champion');
    expect(champion.version).toBe(normal.version);
    expect(champion.tags?.['accuracy']).toBe(normal.metrics.accuracy.toFixed(4));
    expect(champion.datasets?.map(dataset => dataset.version)).toEqual(['2012-2013', '2014']);
    expect(normal.driftReport.dataset.drifted).toBe(false);
    expect(normal.validationReport.success).toBe(true);
    expect(normal.alerts).toEqual([]);
  });

  it('denies the drifted variant, leaves the champion alias alone, and alerts', async () => {
    await expectCompleteRun(drifted);
    expect(drifted.decision.outcome).toBe('deny');
    const failed = drifted.decision.results.filter(result => result.status === 'fail');
    expect(failed.map(result => result.ruleId)).toEqual(['inputs-not-drifted']);
    expect(drifted.promoted).toBe(false);
    expect(drifted.servedAlias).toBe('candidate');
    const registry = createFileRegistry({ root: drifted.paths.registry });
    await expect(registry.getModelVersionByAlias('weather-rain', 'champion')).rejects.toThrow();
    const opened = drifted.alerts.filter(alert => alert.status === 'open');
    expect(opened.map(alert => alert.feature)).toEqual(
      expect.arrayContaining(['temp_max', 'temp_min']),
    );
    expect(opened.map(alert => alert.feature)).not.toContain('wind');
  });

  it('refuses to clear a directory it did not write', async () => {
    const directory = await mkdtemp(join(tmpdir(), 'ballast-golden-path-foreign-'));
    directories.push(directory);
    await writeFile(join(directory, 'keep.txt'), 'x');
    await expect(runGoldenPath({ outDir: directory })).rejects.toThrow(
      /not written by the golden path/,
    );
    expect(existsSync(join(directory, 'keep.txt'))).toBe(true);
  });
});
