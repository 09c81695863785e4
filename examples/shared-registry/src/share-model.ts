import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ModelVersion } from '@ballast/contracts';
import { createMlflowRegistry } from '@ballast/registry-client';

/** What a training job registered and a serving job resolved, over the MLflow REST API. */
export interface SharedModel {
  registered: ModelVersion;
  resolved: ModelVersion;
  downloadedTo: string;
}

/** Writes a small model directory to register (any files: they are hashed and uploaded). */
export async function writeSampleModel(directory: string): Promise<string> {
  await mkdir(directory, { recursive: true });
  await writeFile(
    join(directory, 'model.json'),
    JSON.stringify({ kind: 'threshold', column: 'amount', cutoff: 420 }),
  );
  await writeFile(join(directory, 'README.md'), 'Flags orders above 420 for review.\n');
  return directory;
}

/**
 * The training side registers a version and points `champion` at it; the serving side, another
 * client of the same server, resolves `champion` and downloads the artifacts (every sha256
 * checked). Both are `createMlflowRegistry` clients: the server could as well be MLflow itself.
 */
export async function shareModel(
  trackingUri: string,
  modelDir: string,
  downloadDir: string,
): Promise<SharedModel> {
  const training = createMlflowRegistry({ trackingUri });
  await training.createRegisteredModel({ name: 'order-review', tags: { team: 'risk' } });
  const registered = await training.createModelVersion({
    name: 'order-review',
    artifactPath: modelDir,
    runId: 'run-7',
    tags: { framework: 'threshold' },
    datasets: [{ namespace: 'file:data', name: 'orders', version: '2026-12-01', role: 'training' }],
  });
  await training.setAlias('order-review', 'champion', registered.version);

  const serving = createMlflowRegistry({ trackingUri });
  const resolved = await serving.getModelVersionByAlias('order-review', 'champion');
  await serving.downloadArtifacts(resolved, downloadDir);
  return { registered, resolved, downloadedTo: downloadDir };
}
