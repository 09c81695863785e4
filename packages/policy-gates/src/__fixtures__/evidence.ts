import type { DriftReport, Evidence, ValidationReport } from '@ballast/contracts';

export const now = new Date('2026-11-20T12:00:00.000Z');

const digestA = 'a'.repeat(64);
const digestB = 'b'.repeat(64);

export function driftReport(overrides: Partial<DriftReport> = {}): DriftReport {
  return {
    kind: 'DriftReport',
    specVersion: 'ballast.dev/v1',
    createdAt: '2026-11-20T10:00:00.000Z',
    reference: { rows: 1000 },
    current: { rows: 800 },
    options: { correction: 'none', driftShare: 0.5 },
    columns: [
      {
        column: 'amount',
        type: 'numeric',
        method: 'ks',
        statistic: 0.04,
        pValue: 0.4,
        threshold: 0.05,
        drifted: false,
        status: 'ok',
        reference: { count: 1000, missing: 0 },
        current: { count: 800, missing: 0 },
        backend: 'cpu',
      },
      {
        column: 'country',
        type: 'categorical',
        method: 'chisquare',
        statistic: 30,
        pValue: 0.001,
        threshold: 0.05,
        drifted: true,
        status: 'ok',
        reference: { count: 1000, missing: 0 },
        current: { count: 800, missing: 0 },
        backend: 'cpu',
      },
      {
        column: 'rare',
        type: 'numeric',
        method: 'ks',
        statistic: null,
        pValue: null,
        threshold: 0.05,
        drifted: false,
        status: 'insufficient_data',
        reference: { count: 3, missing: 0 },
        current: { count: 2, missing: 0 },
        backend: 'cpu',
      },
    ],
    dataset: { driftedColumns: 1, totalColumns: 3, share: 1 / 3, drifted: false },
    ...overrides,
  };
}

export function validationReport(overrides: Partial<ValidationReport> = {}): ValidationReport {
  return {
    kind: 'ValidationReport',
    specVersion: 'ballast.dev/v1',
    suite: 'transactions',
    success: false,
    statistics: { evaluated: 2, successful: 1, unsuccessful: 1, successPercent: 50 },
    results: [
      {
        expectation: { type: 'expect_column_values_to_not_be_null', kwargs: { column: 'amount' } },
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
        expectation: { type: 'expect_column_values_to_be_between', kwargs: { column: 'amount' } },
        success: false,
        severity: 'warning',
        result: {
          element_count: 800,
          missing_count: 0,
          unexpected_count: 4,
          unexpected_percent: 0.5,
          partial_unexpected_list: [-1],
        },
      },
    ],
    ...overrides,
  };
}

/** A complete, passing-by-default piece of evidence for the candidate `fraud` v7. */
export function makeEvidence(overrides: Partial<Evidence> = {}): Evidence {
  return {
    kind: 'Evidence',
    specVersion: 'ballast.dev/v1',
    subject: { name: 'fraud', version: '7' },
    author: 'alice@example.com',
    evaluatedAt: '2026-11-19T12:00:00.000Z',
    modelVersion: {
      kind: 'ModelVersion',
      specVersion: 'ballast.dev/v1',
      name: 'fraud',
      version: '7',
      aliases: [],
      tags: {},
      source: 'runs:/run-42/model',
      runId: 'run-42',
      status: 'READY',
      approval: 'pending',
      artifacts: [
        { uri: 'file:///r/blobs/a', path: 'model.onnx', sha256: digestA, size: 10 },
        { uri: 'file:///r/blobs/b', path: 'tokenizer.json', sha256: digestB, size: 5 },
      ],
      datasets: [
        { namespace: 's3://features', name: 'transactions/train', version: '3', role: 'training' },
        { namespace: 's3://features', name: 'transactions/eval', version: '3', role: 'evaluation' },
      ],
      createdAt: '2026-11-18T12:00:00.000Z',
      updatedAt: '2026-11-18T12:00:00.000Z',
    },
    metrics: [
      { name: 'auc', value: 0.91 },
      { name: 'log_loss', value: 0.3 },
      { name: 'recall', value: 0.8, slice: 'country=DE' },
      { name: 'recall', value: 0.77, slice: 'country=FR' },
      { name: 'recall', value: 0.82, slice: 'country=US' },
    ],
    baseline: {
      model: { name: 'fraud', version: '6' },
      metrics: [
        { name: 'auc', value: 0.9 },
        { name: 'log_loss', value: 0.32 },
        { name: 'recall', value: 0.79, slice: 'country=DE' },
        { name: 'recall', value: 0.78, slice: 'country=FR' },
        { name: 'recall', value: 0.8, slice: 'country=US' },
      ],
    },
    driftReports: [driftReport()],
    validationReports: [validationReport()],
    modelCard: {
      intendedUse: 'Score card transactions for fraud review.',
      limitations: ['Not calibrated for business accounts.'],
      trainingData: 'transactions/train v3',
      evaluationData: 'transactions/eval v3',
      license: 'Apache-2.0',
      owner: 'risk-ml',
    },
    approvals: [
      {
        approver: 'bob@example.com',
        decision: 'approved',
        groups: ['ml-leads'],
        at: '2026-11-19T13:00:00.000Z',
      },
      {
        approver: 'carol@example.com',
        decision: 'approved',
        groups: ['ml-leads'],
        at: '2026-11-19T14:00:00.000Z',
      },
    ],
    artifactDigests: [
      { path: 'model.onnx', sha256: digestA },
      { path: 'tokenizer.json', sha256: digestB },
    ],
    attributes: { p99LatencyMs: 42 },
    ...overrides,
  };
}
