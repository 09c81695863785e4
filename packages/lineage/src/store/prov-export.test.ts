import { describe, expect, it } from 'vitest';
import { mlLineageScenario, runIds } from '../__fixtures__/ml-lineage-scenario';
import { createLineageStore } from './lineage-store';
import { toProvJson } from './prov-export';

describe('PROV-JSON export', () => {
  const store = createLineageStore();
  for (const event of mlLineageScenario()) store.add(event);
  const prov = toProvJson(store);
  const activity = (runId: string) => `ballast:run/${runId}`;
  const entity = (nodeId: string) => `ballast:${encodeURIComponent(nodeId)}`;

  it('maps runs to activities and datasets to entities', () => {
    expect(prov.prefix).toEqual({ ballast: 'https://ballast.dev/ns/lineage/' });
    expect(Object.keys(prov.activity)).toHaveLength(store.runs().length);
    expect(prov.activity[activity(runIds.trainV2)]).toMatchObject({
      'prov:label': 'ml/churn.train',
      'prov:type': 'ballast:Run',
      'ballast:state': 'COMPLETE',
      'prov:startTime': expect.stringMatching(/Z$/),
      'prov:endTime': expect.stringMatching(/Z$/),
    });
    const model =
      prov.entity[entity('datasetVersion:mlflow://mlflow:5000:models/churn/versions/2:2')];
    expect(model).toMatchObject({ 'prov:type': 'ballast:Model', 'ballast:version': '2' });
  });

  it('inputs are used, outputs wasGeneratedBy, nested runs wasStartedBy', () => {
    const trainV2 = activity(runIds.trainV2);
    expect(Object.values(prov.used)).toContainEqual({
      'prov:activity': trainV2,
      'prov:entity': entity('datasetVersion:s3://acme-data:churn/features.parquet:2'),
    });
    expect(Object.values(prov.wasGeneratedBy)).toContainEqual({
      'prov:entity': entity('datasetVersion:mlflow://mlflow:5000:models/churn/versions/2:2'),
      'prov:activity': trainV2,
    });
    expect(Object.values(prov.wasStartedBy)).toEqual([
      { 'prov:activity': activity(runIds.trainV1), 'prov:starter': activity(runIds.pipeline) },
    ]);
    // Every relation points at declared records.
    for (const relation of [...Object.values(prov.used), ...Object.values(prov.wasGeneratedBy)]) {
      expect(prov.entity[relation['prov:entity']]).toBeDefined();
      expect(prov.activity[relation['prov:activity']]).toBeDefined();
    }
    const usedCount = store.runs().reduce((total, run) => total + run.inputs.length, 0);
    expect(Object.keys(prov.used)).toHaveLength(usedCount);
  });
});
