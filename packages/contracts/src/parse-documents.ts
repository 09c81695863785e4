import { parseWithSchema } from './parse';
import { type ArtifactRef, artifactRefSchema } from './schemas/artifact-ref';
import { type TableSchema, tableSchemaSchema } from './schemas/column-schema';
import { type DatasetProfile, datasetProfileSchema } from './schemas/dataset-profile';
import { type DatasetRef, datasetRefSchema } from './schemas/dataset-ref';
import { type DriftReport, driftReportSchema } from './schemas/drift-report';
import { type Evidence, evidenceSchema } from './schemas/evidence';
import {
  type InferenceRequest,
  type InferenceResponse,
  inferenceRequestSchema,
  inferenceResponseSchema,
} from './schemas/inference';
import { type LineageEvent, lineageEventSchema } from './schemas/lineage-event';
import { type ModelRef, modelRefSchema } from './schemas/model-ref';
import { type ModelVersion, modelVersionSchema } from './schemas/model-version';
import { type PolicyDecision, policyDecisionSchema } from './schemas/policy-decision';
import { type ValidationReport, validationReportSchema } from './schemas/validation-report';

/**
 * Parses a DriftReport, or throws an InvalidInputError naming the path and expected value.
 *
 * @example
 * ```ts
 * const report = parseDriftReport(JSON.parse(text));
 * ```
 */
export const parseDriftReport = (input: unknown): DriftReport =>
  parseWithSchema(driftReportSchema, input, 'DriftReport');

/** Parses a ValidationReport. @example `parseValidationReport(json)` */
export const parseValidationReport = (input: unknown): ValidationReport =>
  parseWithSchema(validationReportSchema, input, 'ValidationReport');

/** Parses a PolicyDecision. @example `parsePolicyDecision(json)` */
export const parsePolicyDecision = (input: unknown): PolicyDecision =>
  parseWithSchema(policyDecisionSchema, input, 'PolicyDecision');

/** Parses an Evidence bundle. @example `parseEvidence(json)` */
export const parseEvidence = (input: unknown): Evidence =>
  parseWithSchema(evidenceSchema, input, 'Evidence');

/** Parses a ModelVersion. @example `parseModelVersion(json)` */
export const parseModelVersion = (input: unknown): ModelVersion =>
  parseWithSchema(modelVersionSchema, input, 'ModelVersion');

/** Parses a ModelRef. @example `parseModelRef({ name: 'fraud', alias: 'champion' })` */
export const parseModelRef = (input: unknown): ModelRef =>
  parseWithSchema(modelRefSchema, input, 'ModelRef');

/** Parses an ArtifactRef. @example `parseArtifactRef(json)` */
export const parseArtifactRef = (input: unknown): ArtifactRef =>
  parseWithSchema(artifactRefSchema, input, 'ArtifactRef');

/** Parses a DatasetRef. @example `parseDatasetRef({ namespace: 'file', name: 'train.csv' })` */
export const parseDatasetRef = (input: unknown): DatasetRef =>
  parseWithSchema(datasetRefSchema, input, 'DatasetRef');

/** Parses a DatasetProfile. @example `parseDatasetProfile(json)` */
export const parseDatasetProfile = (input: unknown): DatasetProfile =>
  parseWithSchema(datasetProfileSchema, input, 'DatasetProfile');

/** Parses a TableSchema. @example `parseTableSchema(json)` */
export const parseTableSchema = (input: unknown): TableSchema =>
  parseWithSchema(tableSchemaSchema, input, 'TableSchema');

/** Parses an OpenLineage RunEvent. @example `parseLineageEvent(json)` */
export const parseLineageEvent = (input: unknown): LineageEvent =>
  parseWithSchema(lineageEventSchema, input, 'LineageEvent');

/** Parses an Open Inference Protocol request body. @example `parseInferenceRequest(body)` */
export const parseInferenceRequest = (input: unknown): InferenceRequest =>
  parseWithSchema(inferenceRequestSchema, input, 'InferenceRequest');

/** Parses an Open Inference Protocol response body. @example `parseInferenceResponse(body)` */
export const parseInferenceResponse = (input: unknown): InferenceResponse =>
  parseWithSchema(inferenceResponseSchema, input, 'InferenceResponse');
