import { z } from 'zod';
import { nameSchema, sha256Schema, specVersionSchema, timestampSchema } from './common';
import { driftReportSchema } from './drift-report';
import { modelRefSchema } from './model-ref';
import { modelVersionSchema } from './model-version';
import { validationReportSchema } from './validation-report';

/** One evaluation metric, optionally for a slice such as `"country=DE"`. */
export const metricSchema = z.object({
  name: nameSchema,
  value: z.number(),
  slice: z.string().optional().describe('slice key, e.g. "country=DE"; absent for overall'),
  dataset: z.string().optional(),
});

/** One evaluation metric. See {@link metricSchema}. */
export type Metric = z.infer<typeof metricSchema>;

/** A recorded human approval or rejection. */
export const approvalSchema = z.object({
  approver: nameSchema,
  decision: z.enum(['approved', 'rejected']),
  groups: z.array(z.string()).optional(),
  at: timestampSchema,
  comment: z.string().optional(),
});

/** A recorded human approval. See {@link approvalSchema}. */
export type Approval = z.infer<typeof approvalSchema>;

/**
 * Everything a promotion gate reads about one candidate model: its registry record,
 * evaluation metrics (and the baseline's), drift and validation reports, model card,
 * approvals and the digests of the artifacts as they are now.
 *
 * @example
 * ```ts
 * const evidence: Evidence = {
 *   kind: 'Evidence',
 *   specVersion: 'ballast.dev/v1',
 *   subject: { name: 'fraud', version: '7' },
 *   metrics: [{ name: 'auc', value: 0.91 }],
 *   evaluatedAt: new Date().toISOString(),
 * };
 * ```
 */
export const evidenceSchema = z
  .object({
    kind: z.literal('Evidence'),
    specVersion: specVersionSchema,
    subject: modelRefSchema,
    collectedAt: timestampSchema.optional(),
    author: z.string().optional().describe('who registered or proposed the candidate'),
    modelVersion: modelVersionSchema.optional(),
    metrics: z.array(metricSchema).optional(),
    evaluatedAt: timestampSchema.optional().describe('when the metrics were computed'),
    baseline: z
      .object({ model: modelRefSchema, metrics: z.array(metricSchema) })
      .optional()
      .describe('the model to beat, usually the current champion'),
    driftReports: z.array(driftReportSchema).optional(),
    validationReports: z.array(validationReportSchema).optional(),
    modelCard: z.record(z.string(), z.unknown()).optional(),
    approvals: z.array(approvalSchema).optional(),
    artifactDigests: z
      .array(z.object({ path: nameSchema, sha256: sha256Schema }))
      .optional()
      .describe('digests recomputed from the artifacts as they are now'),
    attributes: z.record(z.string(), z.unknown()).optional().describe('input to custom rules'),
  })
  .meta({ id: 'Evidence', title: 'Evidence' });

/** The evidence bundle a gate reads. See {@link evidenceSchema}. */
export type Evidence = z.infer<typeof evidenceSchema>;
