import type { z } from 'zod';
import { artifactRefSchema } from './schemas/artifact-ref';
import { columnSchemaSchema, tableSchemaSchema } from './schemas/column-schema';
import { datasetProfileSchema } from './schemas/dataset-profile';
import { datasetRefSchema } from './schemas/dataset-ref';
import { driftReportSchema } from './schemas/drift-report';
import { evidenceSchema } from './schemas/evidence';
import {
  inferencePayloadSchema,
  inferenceRequestSchema,
  inferenceResponseSchema,
  modelMetadataSchema,
} from './schemas/inference';
import { lineageEventSchema } from './schemas/lineage-event';
import { modelRefSchema } from './schemas/model-ref';
import { modelVersionSchema } from './schemas/model-version';
import { policyDecisionSchema } from './schemas/policy-decision';
import { validationReportSchema } from './schemas/validation-report';

/**
 * Every contract document by the kebab-case file name of its shipped JSON Schema
 * (`@ballast/contracts/schemas/<name>.json`).
 *
 * @example
 * ```ts
 * for (const [name, schema] of Object.entries(contractDocuments)) console.log(name, schema.description);
 * ```
 */
export const contractDocuments = {
  'artifact-ref': artifactRefSchema,
  'column-schema': columnSchemaSchema,
  'dataset-profile': datasetProfileSchema,
  'dataset-ref': datasetRefSchema,
  'drift-report': driftReportSchema,
  evidence: evidenceSchema,
  'inference-payload': inferencePayloadSchema,
  'inference-request': inferenceRequestSchema,
  'inference-response': inferenceResponseSchema,
  'lineage-event': lineageEventSchema,
  'model-metadata': modelMetadataSchema,
  'model-ref': modelRefSchema,
  'model-version': modelVersionSchema,
  'policy-decision': policyDecisionSchema,
  'table-schema': tableSchemaSchema,
  'validation-report': validationReportSchema,
} as const satisfies Record<string, z.ZodType>;

/** The name of a shipped contract document. */
export type ContractDocumentName = keyof typeof contractDocuments;
