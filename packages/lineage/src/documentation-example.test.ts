import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { modelVersion } from './__fixtures__/documents';
import { temporaryDirectory } from './__fixtures__/temporary-directory';
import { createFileTransport } from './transports/file-transport';
import { toMermaid } from './store/graph-diagrams';
import { loadLineageStore } from './store/lineage-store';
import { modelVersionDataset } from './events/model-version-dataset';
import { s3Dataset } from './events/naming';
import { startRun } from './events/run';
import { datasetVersionDatasetFacet } from './facets/standard-facets';

// The quick example of docs/packages/lineage.md, kept running.
describe('documentation quick example', () => {
  it('records a training run and answers which data trained the model', async () => {
    const directory = await temporaryDirectory();
    const path = join(directory.path, '.ballast/lineage/events.jsonl');
    const emitter = createFileTransport({ path });
    const features = {
      ...s3Dataset('acme-data', 'churn/features.parquet'),
      facets: { version: datasetVersionDatasetFacet({ datasetVersion: 'sha256:9f86d0' }) },
    };
    const run = await startRun(emitter, {
      job: { namespace: 'ml-training', name: 'churn.train' },
      inputs: [features],
    });
    await run.complete([
      modelVersionDataset(modelVersion, { registryUri: 'mlflow://mlflow:5000' }),
    ]);
    await emitter.close();

    const store = await loadLineageStore({ paths: [path] });
    const model = 'dataset:mlflow://mlflow:5000:models/churn-classifier/versions/3';
    expect(store.trainingDatasets(model).datasets.map(dataset => dataset.version)).toEqual([
      'sha256:9f86d0',
    ]);
    expect(toMermaid(store.upstream(model, { depth: 2 }))).toContain('churn.train<br/>ml-training');
    await directory.remove();
  });
});
