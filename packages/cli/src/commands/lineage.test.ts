import { join } from 'node:path';
import { createFileTransport, startRun } from '@ballast/lineage';
import { beforeAll, describe, expect, it } from 'vitest';
import { runBallast, tempDir } from '../testing/cli-harness';

let directory: string;
const features = { namespace: 's3://data', name: 'features.parquet' };
const model = { namespace: 'mlflow://local', name: 'models/fraud/versions/1' };

beforeAll(async () => {
  directory = await tempDir();
  const emitter = createFileTransport({ path: join(directory, '.ballast/lineage/events.jsonl') });
  const train = await startRun(emitter, {
    job: { namespace: 'ml', name: 'fraud.train' },
    inputs: [features],
  });
  await train.complete([model]);
  const score = await startRun(emitter, {
    job: { namespace: 'ml', name: 'fraud.score' },
    inputs: [model],
  });
  await score.complete([{ namespace: 's3://data', name: 'scores.parquet' }]);
  await emitter.close();
});

describe('ballast lineage', () => {
  it('prints the whole graph as Mermaid from the default event file', async () => {
    const run = await runBallast(directory, ['lineage', 'graph']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^(graph|flowchart) /);
    for (const name of ['fraud.train', 'fraud.score', 'features.parquet', 'scores.parquet']) {
      expect(run.stdout).toContain(name);
    }
  });

  it('queries upstream and downstream of a node, as Mermaid, DOT or JSON', async () => {
    const modelId = `dataset:${model.namespace}:${model.name}`;
    const upstream = await runBallast(directory, ['lineage', 'upstream', modelId, '--json']);
    const upIds = JSON.parse(upstream.stdout).graph.map((node: { id: string }) => node.id);
    expect(upIds).toContain('job:ml:fraud.train');
    expect(upIds).not.toContain('job:ml:fraud.score');
    const downstream = await runBallast(directory, [
      'lineage',
      'downstream',
      modelId,
      '--format',
      'dot',
    ]);
    expect(downstream.stdout).toMatch(/^digraph/);
    expect(downstream.stdout).toContain('fraud.score');
    expect(downstream.stdout).not.toContain('fraud.train');
  });

  it('reports an unknown node or a missing event file as one line and exits 3', async () => {
    const unknown = await runBallast(directory, ['lineage', 'upstream', 'dataset:x:y']);
    expect(unknown.code).toBe(3);
    expect(unknown.stderr).toMatch(/^ballast: LINEAGE_NODE_NOT_FOUND: No node dataset:x:y/);
    const missing = await runBallast(directory, ['lineage', 'graph', '--events', 'nope.jsonl']);
    expect(missing.code).toBe(3);
    expect(missing.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('serves the store over the Marquez-compatible API until shut down', async () => {
    let stop: (value?: unknown) => void = () => {};
    const shutdownSignal = new Promise(resolve => {
      stop = resolve;
    });
    let served: { code: number } | undefined;
    const url = await new Promise<string>(resolve => {
      void runBallast(directory, ['lineage', 'serve', '--port', '0'], {
        shutdownSignal,
        onListening: resolve,
      }).then(run => {
        served = run;
      });
    });
    const response = await fetch(
      `${url}/api/v1/lineage?nodeId=${encodeURIComponent('job:ml:fraud.train')}`,
    );
    expect(response.status).toBe(200);
    const body = (await response.json()) as { graph: unknown[] };
    expect(body.graph.length).toBeGreaterThan(1);
    stop();
    await expect.poll(() => served?.code).toBe(0);
  });
});
