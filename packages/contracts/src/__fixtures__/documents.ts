import type { ContractDocumentName } from '../documents';

const digest = (character: string) => character.repeat(64);
const now = '2026-11-22T10:15:00.000Z';

const modelVersion = {
  kind: 'ModelVersion',
  specVersion: 'ballast.dev/v1',
  name: 'fraud-detector',
  version: '7',
  aliases: ['champion'],
  tags: { team: 'risk', 'ballast.approval': 'approved' },
  description: 'Gradient boosted trees on 2026-10 transactions',
  source: 'file:///tmp/train/run-81/model',
  runId: 'run-81',
  status: 'READY',
  approval: 'approved',
  artifacts: [
    {
      uri: 'file:///srv/.ballast/registry/blobs/ab',
      path: 'model.onnx',
      sha256: digest('a'),
      size: 10423,
    },
  ],
  datasets: [{ namespace: 's3://features', name: 'transactions/2026-10', role: 'training' }],
  createdAt: now,
  updatedAt: now,
};

const driftReport = {
  kind: 'DriftReport',
  specVersion: 'ballast.dev/v1',
  createdAt: now,
  reference: { rows: 10000, profileDigest: digest('b') },
  current: { rows: 2500 },
  options: { correction: 'benjamini-hochberg', driftShare: 0.5 },
  columns: [
    {
      column: 'amount',
      type: 'numeric',
      method: 'ks',
      statistic: 0.031,
      pValue: 0.04,
      adjustedPValue: 0.08,
      threshold: 0.05,
      drifted: false,
      status: 'ok',
      reference: { count: 9990, missing: 10 },
      current: { count: 2500, missing: 0 },
      missingShareDrift: { reference: 0.001, current: 0, drifted: false },
      backend: 'cpu',
    },
    {
      column: 'country',
      type: 'categorical',
      method: 'psi',
      statistic: null,
      pValue: null,
      threshold: 0.1,
      drifted: false,
      status: 'insufficient_data',
      reason: 'current column is empty',
      reference: { count: 10000, missing: 0 },
      current: { count: 0, missing: 2500 },
      backend: 'cpu',
    },
  ],
  dataset: { driftedColumns: 0, totalColumns: 2, share: 0, drifted: false },
};

const validationReport = {
  kind: 'ValidationReport',
  specVersion: 'ballast.dev/v1',
  suite: 'transactions',
  createdAt: now,
  success: false,
  statistics: { evaluated: 2, successful: 1, unsuccessful: 1, successPercent: 50 },
  results: [
    {
      expectation: { type: 'expect_column_values_to_not_be_null', kwargs: { column: 'amount' } },
      success: true,
      severity: 'error',
      result: {
        element_count: 100,
        missing_count: 0,
        unexpected_count: 0,
        unexpected_percent: 0,
        partial_unexpected_list: [],
      },
    },
    {
      expectation: {
        type: 'expect_column_values_to_be_between',
        kwargs: { column: 'age', min_value: 0, max_value: 120, mostly: 0.99 },
      },
      success: false,
      severity: 'warning',
      code: 'FLOAT_TYPE_BIG_INT',
      result: {
        element_count: 100,
        missing_count: 2,
        unexpected_count: 3,
        unexpected_percent: 3.0612244897959187,
        observed_value: null,
        partial_unexpected_list: [130, 150, -1],
        unexpected_index_list: [4, 17, 90],
      },
    },
  ],
};

const policyDecision = {
  kind: 'PolicyDecision',
  specVersion: 'ballast.dev/v1',
  policy: { name: 'promote-to-production', digest: digest('c') },
  subject: { name: 'fraud-detector', version: '7' },
  environment: 'production',
  outcome: 'deny',
  evaluatedAt: now,
  results: [
    {
      ruleId: 'auc-floor',
      severity: 'deny',
      status: 'fail',
      observed: 0.78,
      expected: { lowerBound: 0.8 },
      reason: 'auc 0.78 is below the lower bound 0.8',
      code: 'METRIC_BELOW_LOWER_BOUND',
    },
    { ruleId: 'no-drift', severity: 'warn', status: 'pass', reason: 'no dataset drift' },
  ],
  evidence: [{ kind: 'Evidence', digest: digest('d') }],
  waivers: [],
};

const lineageEvent = {
  eventType: 'COMPLETE',
  eventTime: now,
  producer: 'https://github.com/ballast-dev/ballast/tree/main/packages/lineage',
  schemaURL: 'https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent',
  run: {
    runId: '01936f0e-7c4a-7b1e-9a8f-2d3c4b5a6978',
    facets: {
      nominalTime: {
        _producer: 'https://github.com/ballast-dev/ballast',
        _schemaURL:
          'https://openlineage.io/spec/facets/1-0-1/NominalTimeRunFacet.json#/$defs/NominalTimeRunFacet',
        nominalStartTime: now,
      },
    },
  },
  job: { namespace: 'ballast', name: 'train-fraud-detector' },
  inputs: [{ namespace: 's3://features', name: 'transactions/2026-10' }],
  outputs: [{ namespace: 'ballast-registry', name: 'models/fraud-detector/7' }],
};

const inferenceRequest = {
  id: '42',
  parameters: { binary_data_output: false },
  inputs: [
    { name: 'input0', shape: [2, 2], datatype: 'UINT32', data: [1, 2, 3, 4] },
    {
      name: 'input1',
      shape: [2, 2],
      datatype: 'FP32',
      data: [
        [1.5, 2],
        [3, 4.25],
      ],
    },
  ],
  outputs: [{ name: 'output0' }],
};

const inferenceResponse = {
  model_name: 'iris',
  model_version: '3',
  id: '42',
  outputs: [{ name: 'output0', shape: [3, 2], datatype: 'FP32', data: [1, 1.1, 2, 2.1, 3, 3.1] }],
};

/** Realistic valid documents, one or more per contract. */
export const validFixtures: Record<ContractDocumentName, unknown[]> = {
  'artifact-ref': [modelVersion.artifacts[0]],
  'column-schema': [
    {
      name: 'address',
      type: 'struct',
      nullable: true,
      children: [{ name: 'city', type: 'string', nullable: false }],
    },
  ],
  'dataset-profile': [
    {
      kind: 'DatasetProfile',
      specVersion: 'ballast.dev/v1',
      createdAt: now,
      fingerprint: digest('e'),
      rowCount: 3,
      columns: [
        {
          name: 'amount',
          type: 'float',
          count: 3,
          missing: 1,
          moments: { count: 2, mean: 15, m2: 50, min: 10, max: 20, sum: 30 },
          quantiles: { algorithm: 'kll', rankError: 0.0165, state: { k: 200, levels: [[10, 20]] } },
          histogram: { edges: [10, 15, 20], counts: [1, 1] },
        },
        {
          name: 'country',
          type: 'categorical',
          count: 3,
          missing: 0,
          categories: { cap: 1000, counts: { DE: 2, FR: 1 }, otherCount: 0 },
        },
      ],
    },
  ],
  'dataset-ref': [{ namespace: 'file', name: '/data/train.parquet', fingerprint: digest('f') }],
  'drift-report': [driftReport],
  evidence: [
    {
      kind: 'Evidence',
      specVersion: 'ballast.dev/v1',
      subject: { name: 'fraud-detector', version: '7' },
      author: 'alice',
      modelVersion,
      metrics: [
        { name: 'auc', value: 0.91 },
        { name: 'auc', value: 0.88, slice: 'country=DE' },
      ],
      evaluatedAt: now,
      baseline: {
        model: { name: 'fraud-detector', alias: 'champion' },
        metrics: [{ name: 'auc', value: 0.9 }],
      },
      driftReports: [driftReport],
      validationReports: [validationReport],
      modelCard: { intendedUse: 'card-not-present fraud scoring', license: 'proprietary' },
      approvals: [{ approver: 'bob', decision: 'approved', groups: ['risk-leads'], at: now }],
      artifactDigests: [{ path: 'model.onnx', sha256: digest('a') }],
    },
  ],
  'inference-payload': [
    {
      model: { name: 'iris', version: '3' },
      requestId: '42',
      receivedAt: now,
      latencySeconds: 0.0042,
      request: inferenceRequest,
      response: inferenceResponse,
    },
  ],
  'inference-request': [
    inferenceRequest,
    { inputs: [{ name: 'text', shape: [1], datatype: 'BYTES', data: ['hi'] }] },
  ],
  'inference-response': [inferenceResponse],
  'lineage-event': [lineageEvent, { ...lineageEvent, eventType: 'START', inputs: [], outputs: [] }],
  'model-metadata': [
    {
      name: 'iris',
      versions: ['3'],
      platform: 'onnx_onnxv1',
      inputs: [{ name: 'float_input', datatype: 'FP32', shape: [-1, 4] }],
      outputs: [{ name: 'label', datatype: 'INT64', shape: [-1] }],
    },
  ],
  'model-ref': [{ name: 'fraud-detector' }, { name: 'fraud-detector', alias: 'champion' }],
  'model-version': [modelVersion],
  'policy-decision': [policyDecision],
  'table-schema': [
    {
      kind: 'TableSchema',
      specVersion: 'ballast.dev/v1',
      columns: [
        { name: 'amount', type: 'float', nullable: false, arrowType: 'Float64' },
        {
          name: 'tags',
          type: 'list',
          nullable: true,
          children: [{ name: 'item', type: 'string', nullable: false }],
        },
      ],
    },
  ],
  'validation-report': [validationReport],
};

/** A broken document and the path the error must name. */
export interface InvalidFixture {
  document: ContractDocumentName;
  description: string;
  value: unknown;
  path: string;
}

/** Broken documents, each with the path a useful error message names. */
export const invalidFixtures: InvalidFixture[] = [
  {
    document: 'drift-report',
    description: 'pValue above 1',
    value: { ...driftReport, columns: [{ ...driftReport.columns[0], pValue: 1.5 }] },
    path: 'columns[0].pValue',
  },
  {
    document: 'drift-report',
    description: 'unknown correction',
    value: { ...driftReport, options: { correction: 'holm', driftShare: 0.5 } },
    path: 'options.correction',
  },
  {
    document: 'drift-report',
    description: 'wrong kind',
    value: { ...driftReport, kind: 'ValidationReport' },
    path: 'kind',
  },
  {
    document: 'drift-report',
    description: 'wrong spec version',
    value: { ...driftReport, specVersion: 'ballast.dev/v0' },
    path: 'specVersion',
  },
  {
    document: 'model-version',
    description: 'version as a number',
    value: { ...modelVersion, version: 7 },
    path: 'version',
  },
  {
    document: 'model-version',
    description: 'artifact digest too short',
    value: { ...modelVersion, artifacts: [{ ...modelVersion.artifacts[0], sha256: 'abc' }] },
    path: 'artifacts[0].sha256',
  },
  {
    document: 'model-version',
    description: 'unknown approval state',
    value: { ...modelVersion, approval: 'maybe' },
    path: 'approval',
  },
  {
    document: 'model-version',
    description: 'createdAt not a timestamp',
    value: { ...modelVersion, createdAt: 'yesterday' },
    path: 'createdAt',
  },
  {
    document: 'validation-report',
    description: 'missing statistics',
    value: { ...validationReport, statistics: undefined },
    path: 'statistics',
  },
  {
    document: 'validation-report',
    description: 'negative unexpected count',
    value: {
      ...validationReport,
      results: [
        {
          ...validationReport.results[0],
          result: { ...validationReport.results[0]?.result, unexpected_count: -1 },
        },
      ],
    },
    path: 'results[0].result.unexpected_count',
  },
  {
    document: 'policy-decision',
    description: 'unknown outcome',
    value: { ...policyDecision, outcome: 'maybe' },
    path: 'outcome',
  },
  {
    document: 'policy-decision',
    description: 'rule status not in the vocabulary',
    value: { ...policyDecision, results: [{ ...policyDecision.results[0], status: 'ok' }] },
    path: 'results[0].status',
  },
  {
    document: 'lineage-event',
    description: 'run id not a uuid',
    value: { ...lineageEvent, run: { runId: 'run-81' } },
    path: 'run.runId',
  },
  {
    document: 'lineage-event',
    description: 'unknown event type',
    value: { ...lineageEvent, eventType: 'DONE' },
    path: 'eventType',
  },
  {
    document: 'lineage-event',
    description: 'facet without _producer',
    value: {
      ...lineageEvent,
      run: { runId: lineageEvent.run.runId, facets: { x: { _schemaURL: 'https://a.b/c' } } },
    },
    path: 'run.facets.x._producer',
  },
  {
    document: 'inference-request',
    description: 'unknown datatype',
    value: { inputs: [{ name: 'a', shape: [1], datatype: 'FLOAT', data: [1] }] },
    path: 'inputs[0].datatype',
  },
  {
    document: 'inference-request',
    description: 'negative dimension',
    value: { inputs: [{ name: 'a', shape: [-1], datatype: 'FP32', data: [1] }] },
    path: 'inputs[0].shape[0]',
  },
  {
    document: 'inference-request',
    description: 'inputs missing',
    value: { id: '1' },
    path: 'inputs',
  },
  {
    document: 'inference-response',
    description: 'model_name missing',
    value: { outputs: [] },
    path: 'model_name',
  },
  {
    document: 'dataset-profile',
    description: 'histogram with one edge',
    value: {
      kind: 'DatasetProfile',
      specVersion: 'ballast.dev/v1',
      createdAt: now,
      fingerprint: digest('e'),
      rowCount: 1,
      columns: [
        { name: 'a', type: 'float', count: 1, missing: 0, histogram: { edges: [1], counts: [] } },
      ],
    },
    path: 'columns[0].histogram.edges',
  },
  {
    document: 'evidence',
    description: 'metric value as a string',
    value: {
      kind: 'Evidence',
      specVersion: 'ballast.dev/v1',
      subject: { name: 'fraud' },
      metrics: [{ name: 'auc', value: '0.9' }],
    },
    path: 'metrics[0].value',
  },
  {
    document: 'table-schema',
    description: 'nested child with unknown type',
    value: {
      kind: 'TableSchema',
      specVersion: 'ballast.dev/v1',
      columns: [
        {
          name: 's',
          type: 'struct',
          nullable: true,
          children: [{ name: 'x', type: 'decimal', nullable: true }],
        },
      ],
    },
    path: 'columns[0].children[0].type',
  },
  {
    document: 'model-ref',
    description: 'empty name',
    value: { name: '' },
    path: 'name',
  },
  {
    document: 'artifact-ref',
    description: 'negative size',
    value: { uri: 'file:///a', path: 'a', sha256: digest('a'), size: -1 },
    path: 'size',
  },
  {
    document: 'dataset-ref',
    description: 'unknown role',
    value: { namespace: 'file', name: 'x', role: 'production' },
    path: 'role',
  },
  {
    document: 'column-schema',
    description: 'nullable missing',
    value: { name: 'a', type: 'float' },
    path: 'nullable',
  },
  {
    document: 'model-metadata',
    description: 'platform missing',
    value: { name: 'iris', inputs: [], outputs: [] },
    path: 'platform',
  },
  {
    document: 'inference-payload',
    description: 'negative latency',
    value: {
      model: { name: 'iris' },
      requestId: '1',
      receivedAt: now,
      latencySeconds: -1,
      request: { inputs: [] },
    },
    path: 'latencySeconds',
  },
];
