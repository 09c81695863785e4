/** A valid input for every standard facet builder, keyed by schema name. */
export const standardFacetSamples: Record<string, unknown> = {
  SchemaDatasetFacet: {
    fields: [
      { name: 'customer_id', type: 'STRING', description: 'key', ordinal_position: 1 },
      { name: 'address', type: 'STRUCT', fields: [{ name: 'city', type: 'STRING' }] },
    ],
  },
  DatasourceDatasetFacet: { name: 'warehouse', uri: 'postgres://db.internal:5432' },
  DocumentationDatasetFacet: { description: 'Weekly churn features', contentType: 'text/markdown' },
  DocumentationJobFacet: { description: 'Retrains the churn model' },
  SQLJobFacet: { query: 'SELECT * FROM features', dialect: 'postgres' },
  ParentRunFacet: {
    run: { runId: '0193f5a2-7000-7000-8000-000000000001' },
    job: { namespace: 'ml-pipelines', name: 'churn.weekly' },
    root: {
      run: { runId: '0193f5a2-7000-7000-8000-000000000000' },
      job: { namespace: 'ml-pipelines', name: 'nightly' },
    },
  },
  ErrorMessageRunFacet: {
    message: 'out of memory',
    programmingLanguage: 'JavaScript',
    stackTrace: 'Error: out of memory\n    at train (train.ts:1:1)',
  },
  NominalTimeRunFacet: {
    nominalStartTime: '2026-11-22T10:00:00.000Z',
    nominalEndTime: '2026-11-22T11:00:00.000Z',
  },
  ColumnLineageDatasetFacet: {
    fields: {
      churn_score: {
        inputFields: [
          {
            namespace: 's3://acme-data',
            name: 'churn/features.parquet',
            field: 'tenure_months',
            transformations: [{ type: 'INDIRECT', subtype: 'AGGREGATION', masking: false }],
          },
        ],
      },
    },
    dataset: [{ namespace: 's3://acme-data', name: 'churn/features.parquet', field: 'plan' }],
  },
  DataQualityMetricsDatasetFacet: {
    rowCount: 1000,
    bytes: 4096,
    fileCount: 1,
    lastUpdated: '2026-11-22T09:00:00.000Z',
    columnMetrics: {
      tenure_months: {
        nullCount: 2,
        distinctCount: 120,
        sum: 12345,
        count: 998,
        min: 0,
        max: 240,
        quantiles: { '0.5': 24 },
      },
    },
  },
  DataQualityMetricsInputDatasetFacet: {
    rowCount: 1000,
    columnMetrics: { plan: { nullCount: 0, distinctCount: 3 } },
  },
  DataQualityAssertionsDatasetFacet: {
    assertions: [
      { assertion: 'not_null', success: true, column: 'customer_id', severity: 'error' },
      {
        assertion: 'row_count',
        success: false,
        expected: '1000',
        actual: '998',
        params: { min: 1000 },
      },
    ],
  },
  OwnershipDatasetFacet: { owners: [{ name: 'team:churn-ml', type: 'MAINTAINER' }] },
  OwnershipJobFacet: { owners: [{ name: 'user:alice' }] },
  DatasetVersionDatasetFacet: { datasetVersion: '7' },
  LifecycleStateChangeDatasetFacet: {
    lifecycleStateChange: 'RENAME',
    previousIdentifier: { namespace: 's3://acme-data', name: 'churn/old.parquet' },
  },
  DatasetTypeDatasetFacet: { datasetType: 'MODEL', subType: 'ONNX' },
  JobTypeJobFacet: {
    processingType: 'BATCH',
    integration: 'BALLAST',
    jobType: 'JOB',
    emissionPattern: { eventTrigger: 'EVENT_BASED', eventContentMode: 'ACCUMULATIVE' },
  },
  TagsDatasetFacet: { tags: [{ key: 'pii', value: 'true', source: 'USER', field: 'email' }] },
  TagsJobFacet: { tags: [{ key: 'team', value: 'churn' }] },
  TagsRunFacet: { tags: [{ key: 'environment', value: 'staging', source: 'BALLAST' }] },
  SymlinksDatasetFacet: {
    identifiers: [
      { namespace: 's3://acme-mlflow-artifacts', name: '12/models/m-7f3e', type: 'LOCATION' },
    ],
  },
};
