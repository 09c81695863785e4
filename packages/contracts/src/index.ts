export { SPEC_VERSION, type SpecVersion } from './spec-version';

export { BallastError, type BallastErrorOptions } from './errors/ballast-error';
export { ConflictError } from './errors/conflict-error';
export { InvalidInputError } from './errors/invalid-input-error';
export { NotFoundError } from './errors/not-found-error';
export { TimeoutError } from './errors/timeout-error';
export { UnavailableDependencyError } from './errors/unavailable-dependency-error';

export {
  describeZodIssues,
  type ParseIssue,
  type ParseSubject,
  parseWithSchema,
} from './parse';
export {
  parseArtifactRef,
  parseDatasetProfile,
  parseDatasetRef,
  parseDriftReport,
  parseEvidence,
  parseInferenceRequest,
  parseInferenceResponse,
  parseLineageEvent,
  parseModelRef,
  parseModelVersion,
  parsePolicyDecision,
  parseTableSchema,
  parseValidationReport,
} from './parse-documents';
export { type ContractDocumentName, contractDocuments } from './documents';

export {
  countSchema,
  nameSchema,
  sha256Schema,
  specVersionSchema,
  tagsSchema,
  timestampSchema,
} from './schemas/common';
export { type ArtifactRef, artifactRefSchema } from './schemas/artifact-ref';
export {
  type ColumnSchema,
  columnSchemaSchema,
  type LogicalType,
  logicalTypeSchema,
  type TableSchema,
  tableSchemaSchema,
} from './schemas/column-schema';
export {
  categoryCountsSchema,
  type ColumnProfile,
  columnProfileSchema,
  type DatasetProfile,
  datasetProfileSchema,
  histogramSchema,
  momentsSchema,
  quantileSketchSchema,
} from './schemas/dataset-profile';
export { type DatasetRef, datasetRefSchema } from './schemas/dataset-ref';
export {
  type ColumnDrift,
  columnDriftSchema,
  correctionSchema,
  type DriftReport,
  driftReportSchema,
  sideCountsSchema,
} from './schemas/drift-report';
export {
  type Approval,
  approvalSchema,
  type Evidence,
  evidenceSchema,
  type Metric,
  metricSchema,
} from './schemas/evidence';
export {
  type InferencePayload,
  inferenceParametersSchema,
  inferencePayloadSchema,
  type InferenceRequest,
  inferenceRequestSchema,
  type InferenceResponse,
  inferenceResponseSchema,
  type ModelMetadata,
  modelMetadataSchema,
  requestInputSchema,
  requestOutputSchema,
  responseOutputSchema,
  type TensorData,
  type TensorDatatype,
  tensorDataSchema,
  tensorDatatypeSchema,
  tensorMetadataSchema,
  tensorShapeSchema,
} from './schemas/inference';
export type { NumericTensorArray, TypedInferencePayload } from './schemas/typed-inference-payload';
export {
  type LineageDataset,
  lineageDatasetSchema,
  type LineageEvent,
  lineageEventSchema,
  lineageEventTypeSchema,
  type LineageFacet,
  lineageFacetSchema,
} from './schemas/lineage-event';
export { type ModelRef, modelRefSchema } from './schemas/model-ref';
export {
  approvalStatusSchema,
  type ModelVersion,
  modelVersionSchema,
  modelVersionStatusSchema,
} from './schemas/model-version';
export {
  appliedWaiverSchema,
  type PolicyDecision,
  policyDecisionSchema,
  policyOutcomeSchema,
  type RuleResult,
  ruleResultSchema,
} from './schemas/policy-decision';
export {
  type ExpectationResult,
  expectationResultDetailSchema,
  expectationResultSchema,
  severitySchema,
  type ValidationReport,
  validationReportSchema,
} from './schemas/validation-report';

export type {
  LineageEmitter,
  LineageEmitterV1,
} from './interfaces/lineage-emitter';
export type {
  FetchedArtifacts,
  ModelVersionSource,
  ModelVersionSourceV1,
  WatchHandle,
  WatchOptions,
} from './interfaces/model-version-source';
export type { PayloadSink, PayloadSinkV1 } from './interfaces/payload-sink';
export {
  isSqlTable,
  type SqlColumn,
  type SqlDialectName,
  type SqlEngine,
  type SqlEngineV1,
  type SqlQuery,
  type SqlQueryOptions,
  type SqlResult,
  type SqlTable,
  type SqlValue,
  sqlTable,
} from './interfaces/sql-engine';
export {
  BALLAST_FACET_VERSION,
  type BallastDriftReportFacetFields,
  ballastDriftReportFacetFieldsSchema,
  type BallastFacetPlacement,
  type BallastFacetSpec,
  ballastFacetSpecs,
  type BallastModelVersionFacetFields,
  ballastModelVersionFacetFieldsSchema,
  type BallastPolicyDecisionFacetFields,
  ballastPolicyDecisionFacetFieldsSchema,
  type BallastValidationReportFacetFields,
  ballastValidationReportFacetFieldsSchema,
} from './schemas/ballast-facets';
