import type { OpenLineageEvent, OpenLineageFacet } from '../events/event-schemas';
import { datasetEvent, jobEvent, runEvent } from '../events/builders';
import {
  datasetTypeDatasetFacet,
  datasetVersionDatasetFacet,
  ownershipDatasetFacet,
  parentRunFacet,
} from '../facets/standard-facets';

export const runIds = {
  etl1: '0193f5a2-0000-7000-8000-000000000001',
  etl2: '0193f5a2-0000-7000-8000-000000000002',
  trainV1: '0193f5a2-0000-7000-8000-000000000003',
  trainV2: '0193f5a2-0000-7000-8000-000000000004',
  trainFailed: '0193f5a2-0000-7000-8000-000000000005',
  report: '0193f5a2-0000-7000-8000-000000000006',
  pipeline: '0193f5a2-0000-7000-8000-000000000007',
};

export const customers = { namespace: 'postgres://db:5432', name: 'shop.public.customers' };

export function features(version: string) {
  return {
    namespace: 's3://acme-data',
    name: 'churn/features.parquet',
    facets: { version: datasetVersionDatasetFacet({ datasetVersion: version }) },
  };
}

export function model(version: string) {
  return {
    namespace: 'mlflow://mlflow:5000',
    name: `models/churn/versions/${version}`,
    facets: {
      datasetType: datasetTypeDatasetFacet({ datasetType: 'MODEL' }),
      version: datasetVersionDatasetFacet({ datasetVersion: version }),
    },
  };
}

export const endpoint = { namespace: 'https://serving.internal', name: 'endpoints/churn' };

let clock = Date.UTC(2026, 10, 22, 8, 0, 0);
const tick = () => new Date((clock += 60_000));

function run(
  runId: string,
  job: string,
  inputs: object[],
  outputs: object[],
  end: 'COMPLETE' | 'FAIL' = 'COMPLETE',
  parentRunId?: string,
): OpenLineageEvent[] {
  const jobRef = { namespace: 'ml', name: job };
  const facets: Record<string, OpenLineageFacet> = parentRunId
    ? {
        parent: parentRunFacet({
          run: { runId: parentRunId },
          job: { namespace: 'ml', name: 'pipeline' },
        }),
      }
    : {};
  return [
    runEvent({
      eventType: 'START',
      eventTime: tick(),
      run: { runId, facets },
      job: jobRef,
      inputs: inputs as never,
    }),
    runEvent({
      eventType: end,
      eventTime: tick(),
      run: { runId, facets },
      job: jobRef,
      inputs: inputs as never,
      outputs: outputs as never,
    }),
  ];
}

/**
 * customers → etl.features (two runs) → features v1 / v2 → churn.train → model v1 / v2
 * → churn.deploy (static JobEvent) → endpoint; features v1 also feeds reports.weekly; a failed
 * training run read features v2.
 */
export function mlLineageScenario(): OpenLineageEvent[] {
  return [
    ...run(runIds.pipeline, 'pipeline', [], []),
    ...run(runIds.etl1, 'etl.features', [customers], [features('1')]),
    ...run(
      runIds.trainV1,
      'churn.train',
      [features('1')],
      [model('1')],
      'COMPLETE',
      runIds.pipeline,
    ),
    ...run(
      runIds.report,
      'reports.weekly',
      [features('1')],
      [{ namespace: 'file', name: '/reports/weekly.html' }],
    ),
    ...run(runIds.etl2, 'etl.features', [customers], [features('2')]),
    ...run(runIds.trainV2, 'churn.train', [features('2')], [model('2')]),
    ...run(runIds.trainFailed, 'churn.train', [features('2')], [], 'FAIL'),
    jobEvent({
      eventTime: tick(),
      job: { namespace: 'serving', name: 'churn.deploy' },
      inputs: [model('2')],
      outputs: [endpoint],
    }),
    datasetEvent({
      eventTime: tick(),
      dataset: {
        ...customers,
        facets: { ownership: ownershipDatasetFacet({ owners: [{ name: 'team:crm' }] }) },
      },
    }),
  ];
}
