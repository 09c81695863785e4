import type {
  DriftReport,
  ModelVersion,
  PolicyDecision,
  ValidationReport,
} from '@ballast/contracts';

const digest = (character: string) => character.repeat(64);

export const modelVersion: ModelVersion = {
  kind: 'ModelVersion',
  specVersion: 'ballast.dev/v1',
  name: 'churn-classifier',
  version: '3',
  aliases: ['champion'],
  tags: { team: 'churn' },
  source: 's3://acme-mlflow-artifacts/12/models/m-7f3e/artifacts',
  runId: 'a1b2c3d4e5f60718293a4b5c6d7e8f90',
  status: 'READY',
  approval: 'approved',
  artifacts: [
    {
      uri: 's3://acme-mlflow-artifacts/12/model.onnx',
      path: 'model.onnx',
      sha256: digest('a'),
      size: 10423,
    },
  ],
  datasets: [{ namespace: 's3://acme-data', name: 'churn/features.parquet', version: '7' }],
  createdAt: '2026-11-22T10:15:30.123Z',
  updatedAt: '2026-11-22T10:20:00.000Z',
};

export const driftReport: DriftReport = {
  kind: 'DriftReport',
  specVersion: 'ballast.dev/v1',
  createdAt: '2026-11-22T11:00:00.000Z',
  reference: { rows: 1000, profileDigest: digest('b') },
  current: { rows: 800 },
  options: { correction: 'none', driftShare: 0.5 },
  columns: [
    {
      column: 'tenure_months',
      type: 'numeric',
      method: 'ks',
      statistic: 0.31,
      pValue: 0.0001,
      threshold: 0.05,
      drifted: true,
      status: 'ok',
      reference: { count: 1000, missing: 0 },
      current: { count: 798, missing: 2 },
      backend: 'cpu',
    },
    {
      column: 'plan',
      type: 'categorical',
      method: 'chisquare',
      statistic: null,
      pValue: null,
      threshold: 0.05,
      drifted: false,
      status: 'insufficient_data',
      reference: { count: 3, missing: 997 },
      current: { count: 1, missing: 799 },
      backend: 'cpu',
    },
  ],
  dataset: { driftedColumns: 1, totalColumns: 2, share: 0.5, drifted: true },
};

export const validationReport: ValidationReport = {
  kind: 'ValidationReport',
  specVersion: 'ballast.dev/v1',
  suite: 'churn-features',
  success: false,
  statistics: { evaluated: 2, successful: 1, unsuccessful: 1, successPercent: 50 },
  results: [
    {
      expectation: {
        type: 'expect_column_values_to_not_be_null',
        kwargs: { column: 'customer_id' },
      },
      success: true,
      severity: 'error',
      result: {
        element_count: 800,
        missing_count: 0,
        unexpected_count: 0,
        unexpected_percent: 0,
        partial_unexpected_list: [],
      },
    },
    {
      expectation: {
        type: 'expect_column_values_to_be_between',
        kwargs: { column: 'tenure_months', min_value: 0, max_value: 240 },
      },
      success: false,
      severity: 'warning',
      code: 'VALUE_OUT_OF_RANGE',
      result: {
        element_count: 800,
        missing_count: 2,
        unexpected_count: 4,
        unexpected_percent: 0.5,
        partial_unexpected_list: [-1, 300],
      },
    },
  ],
};

export const policyDecision: PolicyDecision = {
  kind: 'PolicyDecision',
  specVersion: 'ballast.dev/v1',
  policy: { name: 'promote-to-production', digest: digest('c'), version: '2' },
  environment: 'production',
  outcome: 'deny',
  evaluatedAt: '2026-11-22T12:00:00.000Z',
  results: [
    { ruleId: 'approval-required', severity: 'deny', status: 'pass', reason: 'approved by alice' },
    {
      ruleId: 'no-drift',
      severity: 'deny',
      status: 'fail',
      observed: 0.5,
      expected: '< 0.3',
      reason: 'drift share 0.5 above 0.3',
    },
    { ruleId: 'latency', severity: 'warn', status: 'waived', reason: 'waived until Friday' },
  ],
  evidence: [{ kind: 'DriftReport', digest: digest('d') }],
  waivers: [{ ruleId: 'latency', reason: 'load test pending', by: 'bob' }],
};
