import { z } from 'zod';
import { countSchema, sha256Schema, specVersionSchema, timestampSchema } from './common';

/** Multiple-testing corrections applied across columns. */
export const correctionSchema = z.enum(['none', 'bonferroni', 'benjamini-hochberg']);

/** Per-side counts of one column: values used, and values missing (null or NaN). */
export const sideCountsSchema = z.object({ count: countSchema, missing: countSchema });

/** The drift verdict of one column. */
export const columnDriftSchema = z.object({
  column: z.string(),
  type: z.enum(['numeric', 'categorical', 'boolean', 'text']),
  method: z.string().describe('Evidently method id: "ks", "wasserstein", "psi", ...'),
  statistic: z.number().nullable().describe('null when status is insufficient_data'),
  pValue: z.number().min(0).max(1).nullable().optional(),
  adjustedPValue: z.number().min(0).max(1).nullable().optional(),
  threshold: z.number(),
  drifted: z.boolean(),
  status: z.enum(['ok', 'insufficient_data']),
  reason: z.string().optional(),
  code: z.string().optional().describe('stable code when the column needs attention'),
  reference: sideCountsSchema,
  current: sideCountsSchema,
  missingShareDrift: z
    .object({ reference: z.number(), current: z.number(), drifted: z.boolean() })
    .optional(),
  errorBound: z.number().optional().describe('approximation bound when computed from a sketch'),
  approximation: z
    .looseObject({
      kind: z.string().describe('"exact", "kll-sketch" or "histogram"'),
      rankError: z.number().optional(),
      errorBound: z.number().optional(),
      conservativeStatistic: z.number().optional(),
      confidence: z.number().optional(),
    })
    .optional()
    .describe(
      'how a statistic computed from a profile relates to the exact one; the verdict uses conservativeStatistic when present',
    ),
  backend: z.string().describe('"cpu" or "tfjs:<backend>"'),
});

/** The drift verdict of one column. See {@link columnDriftSchema}. */
export type ColumnDrift = z.infer<typeof columnDriftSchema>;

/**
 * The result of comparing a current dataset with a reference: a verdict per column and for
 * the dataset, with the correction and thresholds used, so a gate can read it later.
 *
 * @example
 * ```ts
 * const report = parseDriftReport(JSON.parse(text));
 * if (report.dataset.drifted) alert(report.columns.filter(column => column.drifted));
 * ```
 */
export const driftReportSchema = z
  .object({
    kind: z.literal('DriftReport'),
    specVersion: specVersionSchema,
    createdAt: timestampSchema,
    reference: z.object({ rows: countSchema, profileDigest: sha256Schema.optional() }),
    current: z.object({ rows: countSchema }),
    options: z.object({
      correction: correctionSchema,
      driftShare: z.number().min(0).max(1),
    }),
    columns: z.array(columnDriftSchema),
    dataset: z.object({
      driftedColumns: countSchema,
      totalColumns: countSchema,
      share: z.number().min(0).max(1),
      drifted: z.boolean(),
      multivariate: z
        .object({
          method: z.string(),
          statistic: z.number(),
          pValue: z.number().min(0).max(1).optional(),
          threshold: z.number(),
          drifted: z.boolean(),
          details: z
            .record(z.string(), z.unknown())
            .optional()
            .describe('method-specific figures: bounds, components, AUC, top features'),
        })
        .optional(),
    }),
  })
  .meta({ id: 'DriftReport', title: 'DriftReport' });

/** A drift report. See {@link driftReportSchema}. */
export type DriftReport = z.infer<typeof driftReportSchema>;
