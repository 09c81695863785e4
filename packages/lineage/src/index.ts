// @ballast/lineage: OpenLineage events from TypeScript, delivered without loss, and a lineage
// graph to query. This index is the table of contents: what users call. Every facet builder is
// on `@ballast/lineage/facets`; schemas, node-level helpers and retry kernels on
// `@ballast/lineage/internals`; the LineageEmitter suite on `@ballast/lineage/conformance`.

// events: builders, validation, lint rules, runs, names
export {
  BALLAST_LINEAGE_PRODUCER,
  OPENLINEAGE_SPEC_VERSION,
  type OpenLineageEventKind,
} from './events/openlineage-spec';
export {
  type DatasetEventInput,
  datasetEvent,
  type EventBuildOptions,
  type JobEventInput,
  jobEvent,
  type RunEventInput,
  runEvent,
} from './events/builders';
export {
  type DatasetEvent,
  type InputDataset,
  type Job,
  type JobEvent,
  type OpenLineageEvent,
  type OpenLineageFacet,
  type OutputDataset,
  parseOpenLineageEvent,
  type Run,
  type RunEvent,
  type RunEventType,
  type StaticDataset,
} from './events/event-schemas';
export {
  type LineageLintRule,
  type LineageLintWarning,
  lintLineageEvent,
} from './events/lint-event';
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
} from './events/run';
export { uuidV7 } from './events/uuid-v7';
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
} from './events/naming';
export { modelVersionDataset } from './events/model-version-dataset';

// facets: the ones most events need (all of them on `@ballast/lineage/facets`)
export {
  type BuiltFacet,
  defineFacet,
  type FacetBuilder,
  type FacetBuildOptions,
  type FacetDefinition,
  type FacetPlacement,
} from './facets/define-facet';
export { datasetVersionDatasetFacet, schemaDatasetFacet } from './facets/standard-facets';
export {
  driftReportFacet,
  modelVersionFacet,
  validationReportFacet,
} from './facets/ballast-facets';

// transports
export type { LineageTransport, LineageWarning } from './transports/lineage-transport';
export type { RetryOptions } from './transports/retry-policy';
export {
  type ConsoleTransportOptions,
  createConsoleTransport,
} from './transports/console-transport';
export { createFileTransport, type FileTransportOptions } from './transports/file-transport';
export { createHttpTransport, type HttpTransportOptions } from './transports/http-transport';
export {
  createOutboxTransport,
  type OutboxTransport,
  type OutboxTransportOptions,
} from './transports/outbox-transport';
export {
  type CompositeChildFailure,
  type CompositeTransportOptions,
  createCompositeTransport,
} from './transports/composite-transport';

// store: the lineage graph and its exports
export { datasetNodeId, datasetVersionNodeId, jobNodeId } from './store/node-id';
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
} from './store/lineage-store';
export { toDot, toMermaid } from './store/graph-diagrams';
export { type ProvDocument, toProvJson } from './store/prov-export';

// server
export { type LineageServer, type ServeLineageOptions, serveLineage } from './server/serve-lineage';
