import type { LineageEmitter, ModelVersion } from '@ballast/contracts';
import {
  datasetVersionDatasetFacet,
  modelVersionDataset,
  s3Dataset,
  startRun,
} from '@ballast/lineage';

/** The registry URI the model version is recorded under (part of its node id). */
export const registryUri = 'mlflow://mlflow:5000';

/** The model node the queries start from: `dataset:<registry>:models/<name>/versions/<v>`. */
export const modelNodeId = `dataset:${registryUri}:models/order-review/versions/2`;

function orderReviewModel(): ModelVersion {
  const now = new Date().toISOString();
  return {
    kind: 'ModelVersion',
    specVersion: 'ballast.dev/v1',
    name: 'order-review',
    version: '2',
    aliases: ['champion'],
    tags: { framework: 'onnx' },
    source: 'runs:/run-9/model',
    runId: 'run-9',
    status: 'READY',
    approval: 'approved',
    artifacts: [],
    createdAt: now,
    updatedAt: now,
  };
}

/**
 * A two-job pipeline, as the jobs themselves would report it: `orders.features` reads the raw
 * orders and writes a versioned feature table; `orders.train` reads that version and produces
 * model version 2. Each run sends START then COMPLETE through `emitter`.
 */
export async function runPipeline(emitter: LineageEmitter): Promise<void> {
  const raw = s3Dataset('acme-data', 'orders/raw/2026-12-01.parquet');
  const features = {
    ...s3Dataset('acme-data', 'orders/features.parquet'),
    facets: { version: datasetVersionDatasetFacet({ datasetVersion: '2026-12-01' }) },
  };
  const featureRun = await startRun(emitter, {
    job: { namespace: 'ml-pipelines', name: 'orders.features' },
    inputs: [raw],
  });
  await featureRun.complete([features]);

  const trainRun = await startRun(emitter, {
    job: { namespace: 'ml-pipelines', name: 'orders.train' },
    inputs: [features],
  });
  await trainRun.complete([modelVersionDataset(orderReviewModel(), { registryUri })]);
}
