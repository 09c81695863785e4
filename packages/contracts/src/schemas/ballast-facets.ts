import { z } from 'zod';
import { countSchema, sha256Schema, timestampSchema } from './common';

// The fields of Ballast's custom OpenLineage facets, declared once here so every package that
// writes or reads them (lineage, policy-gates, monitor) agrees. OpenLineage's custom-facet rules
// apply: key `ballast_<name>`, schema name `Ballast<Name><Entity>Facet`, and the `_producer` /
// `_schemaURL` envelope fields are added by whoever builds the facet.

/** Version of the Ballast facet schemas, as in their `_schemaURL`. */
export const BALLAST_FACET_VERSION = '1-0-0';

/** Fields of the `ballast_modelVersion` dataset facet: the registry view of a model version. */
export const ballastModelVersionFacetFieldsSchema = z.strictObject({
  name: z.string().min(1),
  version: z.string().min(1),
  status: z.enum(['PENDING_REGISTRATION', 'FAILED_REGISTRATION', 'READY']),
  approval: z.enum(['pending', 'approved', 'rejected']),
  aliases: z.array(z.string()),
  source: z.string(),
  runId: z.string().optional(),
  artifacts: z.array(z.strictObject({ path: z.string(), sha256: sha256Schema, size: countSchema })),
  createdAt: timestampSchema,
});

/** Fields of the `ballast_driftReport` dataset facet: a drift report's verdict. */
export const ballastDriftReportFacetFieldsSchema = z.strictObject({
  reportDigest: sha256Schema,
  createdAt: timestampSchema,
  drifted: z.boolean(),
  driftedColumns: countSchema,
  totalColumns: countSchema,
  share: z.number().min(0).max(1),
  driftShare: z.number().min(0).max(1),
  correction: z.enum(['none', 'bonferroni', 'benjamini-hochberg']),
  referenceRows: countSchema,
  currentRows: countSchema,
  columns: z.array(
    z.strictObject({
      column: z.string(),
      method: z.string(),
      statistic: z.number().nullable(),
      pValue: z.number().min(0).max(1).nullable().optional(),
      threshold: z.number(),
      drifted: z.boolean(),
      status: z.enum(['ok', 'insufficient_data']),
    }),
  ),
});

/** Fields of the `ballast_validationReport` dataset facet: a suite's outcome on a dataset. */
export const ballastValidationReportFacetFieldsSchema = z.strictObject({
  reportDigest: sha256Schema,
  suite: z.string(),
  success: z.boolean(),
  evaluated: countSchema,
  successful: countSchema,
  unsuccessful: countSchema,
  successPercent: z.number().min(0).max(100).nullable(),
  failedExpectations: z.array(
    z.strictObject({
      type: z.string(),
      column: z.string().optional(),
      severity: z.enum(['error', 'warning', 'info']),
      code: z.string().optional(),
    }),
  ),
});

/** Fields of the `ballast_policyDecision` run facet: a promotion gate's outcome. */
export const ballastPolicyDecisionFacetFieldsSchema = z.strictObject({
  decisionDigest: sha256Schema,
  policy: z.strictObject({
    name: z.string(),
    digest: sha256Schema,
    version: z.string().optional(),
  }),
  environment: z.string(),
  outcome: z.enum(['allow', 'warn', 'deny']),
  evaluatedAt: timestampSchema,
  ruleCounts: z.strictObject({
    pass: countSchema,
    fail: countSchema,
    warn: countSchema,
    waived: countSchema,
    error: countSchema,
  }),
  rulesNotPassed: z.array(
    z.strictObject({
      ruleId: z.string(),
      severity: z.enum(['deny', 'warn', 'info']),
      status: z.enum(['fail', 'warn', 'waived', 'error']),
      reason: z.string(),
    }),
  ),
  evidence: z.array(z.strictObject({ kind: z.string(), digest: sha256Schema })),
});

/** Where a Ballast facet attaches in an OpenLineage RunEvent. */
export type BallastFacetPlacement = 'run' | 'job' | 'dataset';

/** Description of one Ballast facet: its key, schema name, placement and field schema. */
export interface BallastFacetSpec<Fields extends z.ZodType = z.ZodType> {
  /** Key under `facets` (`ballast_<name>`). */
  readonly key: string;
  /** JSON Schema definition name, as in the `_schemaURL` fragment. */
  readonly schemaName: string;
  /** Where the facet attaches. */
  readonly placement: BallastFacetPlacement;
  /** The facet's own fields (without `_producer` / `_schemaURL`). */
  readonly fields: Fields;
}

/** The four Ballast facets, keyed by their short name. */
export const ballastFacetSpecs = {
  modelVersion: {
    key: 'ballast_modelVersion',
    schemaName: 'BallastModelVersionDatasetFacet',
    placement: 'dataset',
    fields: ballastModelVersionFacetFieldsSchema,
  },
  driftReport: {
    key: 'ballast_driftReport',
    schemaName: 'BallastDriftReportDatasetFacet',
    placement: 'dataset',
    fields: ballastDriftReportFacetFieldsSchema,
  },
  validationReport: {
    key: 'ballast_validationReport',
    schemaName: 'BallastValidationReportDatasetFacet',
    placement: 'dataset',
    fields: ballastValidationReportFacetFieldsSchema,
  },
  policyDecision: {
    key: 'ballast_policyDecision',
    schemaName: 'BallastPolicyDecisionRunFacet',
    placement: 'run',
    fields: ballastPolicyDecisionFacetFieldsSchema,
  },
} as const satisfies Record<string, BallastFacetSpec>;

/** Fields of the `ballast_modelVersion` facet. */
export type BallastModelVersionFacetFields = z.infer<typeof ballastModelVersionFacetFieldsSchema>;
/** Fields of the `ballast_driftReport` facet. */
export type BallastDriftReportFacetFields = z.infer<typeof ballastDriftReportFacetFieldsSchema>;
/** Fields of the `ballast_validationReport` facet. */
export type BallastValidationReportFacetFields = z.infer<
  typeof ballastValidationReportFacetFieldsSchema
>;
/** Fields of the `ballast_policyDecision` facet. */
export type BallastPolicyDecisionFacetFields = z.infer<
  typeof ballastPolicyDecisionFacetFieldsSchema
>;
