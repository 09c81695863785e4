export {
  BALLAST_FACETS_BASE_URL,
  BALLAST_LINEAGE_PRODUCER,
  eventSchemaURL,
  facetSchemaURL,
  OPENLINEAGE_CORE_SCHEMA_ID,
  OPENLINEAGE_FACETS_BASE_URL,
  OPENLINEAGE_SPEC_VERSION,
  type OpenLineageEventKind,
} from './openlineage-spec';
export {
  type BuiltFacet,
  defineFacet,
  type FacetBuilder,
  type FacetBuildOptions,
  type FacetDefinition,
  type FacetPlacement,
} from './define-facet';
export {
  columnLineageDatasetFacet,
  dataQualityAssertionsDatasetFacet,
  dataQualityMetricsDatasetFacet,
  dataQualityMetricsInputDatasetFacet,
  datasetTypeDatasetFacet,
  datasetVersionDatasetFacet,
  datasourceDatasetFacet,
  documentationDatasetFacet,
  documentationJobFacet,
  errorMessageFacetFromError,
  errorMessageRunFacet,
  jobTypeJobFacet,
  lifecycleStateChangeDatasetFacet,
  lifecycleStateChangeSchema,
  nominalTimeRunFacet,
  ownershipDatasetFacet,
  ownershipJobFacet,
  parentRunFacet,
  schemaDatasetFacet,
  sqlJobFacet,
  standardFacets,
  symlinksDatasetFacet,
  tagsDatasetFacet,
  tagsJobFacet,
  tagsRunFacet,
} from './standard-facets';
export {
  ballastDriftReportDatasetFacet,
  ballastFacets,
  ballastModelVersionDatasetFacet,
  ballastPolicyDecisionRunFacet,
  ballastValidationReportDatasetFacet,
  documentDigest,
  driftReportFacet,
  modelVersionFacet,
  policyDecisionFacet,
  validationReportFacet,
} from './ballast-facets';
export {
  type DatasetEvent,
  type DatasetEventInput,
  datasetEvent,
  datasetEventSchema,
  type EventBuildOptions,
  eventKind,
  type InputDataset,
  inputDatasetSchema,
  type Job,
  type JobEvent,
  type JobEventInput,
  jobEvent,
  jobEventSchema,
  jobSchema,
  type OpenLineageEvent,
  type OpenLineageFacet,
  type OutputDataset,
  openLineageFacetSchema,
  outputDatasetSchema,
  parseOpenLineageEvent,
  type Run,
  type RunEvent,
  type RunEventInput,
  type RunEventType,
  runEvent,
  runEventSchema,
  runEventTypeSchema,
  runSchema,
  type StaticDataset,
  staticDatasetSchema,
} from './events';
export { uuidV7, uuidV7Timestamp } from './uuid-v7';
export {
  bigqueryDataset,
  type DatasetIdentifier,
  fileDataset,
  gcsDataset,
  kafkaDataset,
  mlflowRegistryUri,
  modelDataset,
  postgresDataset,
  s3Dataset,
  snowflakeDataset,
} from './naming';
export { modelVersionDataset } from './model-version-dataset';
export {
  type InputDatasetInput,
  type JobInput,
  type OutputDatasetInput,
  type ParentReference,
  type RunEventOptions,
  type RunHandle,
  type RunState,
  type StartRunOptions,
  startRun,
} from './run';
export { emitterClosedError, eventKey, type LineageTransport } from './lineage-transport';
export {
  backoffDelay,
  type ResolvedRetryOptions,
  type RetryOptions,
  resolveRetryOptions,
} from './retry-policy';
export { type ConsoleTransportOptions, createConsoleTransport } from './console-transport';
export {
  createFileTransport,
  DEFAULT_LINEAGE_FILE,
  type FileTransportOptions,
} from './file-transport';
export { createHttpTransport, type HttpTransportOptions } from './http-transport';
export {
  createOutboxTransport,
  type OutboxTransport,
  type OutboxTransportOptions,
} from './outbox-transport';
export {
  type CompositeChildFailure,
  type CompositeTransportOptions,
  createCompositeTransport,
} from './composite-transport';
export { datasetNodeId, datasetVersionNodeId, jobNodeId } from './node-id';
export {
  createLineageStore,
  type DatasetNodeData,
  type ImpactAnalysis,
  type JobNodeData,
  type LineageDirection,
  type LineageEdge,
  type LineageGraph,
  type LineageNode,
  type LineageNodeSummary,
  type LineageQueryOptions,
  type LineageStore,
  type LoadLineageStoreOptions,
  loadLineageStore,
  type RunSummary,
  type TrainingLineage,
} from './lineage-store';
export { toDot, toMermaid } from './graph-diagrams';
export { type ProvDocument, toProvJson } from './prov-export';
export { type LineageServer, type ServeLineageOptions, serveLineage } from './serve-lineage';
