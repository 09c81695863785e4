import { z } from 'zod';
import { countSchema, specVersionSchema, timestampSchema } from './common';

/** Severity of an expectation or rule failure. */
export const severitySchema = z.enum(['error', 'warning', 'info']);

/** Great Expectations' result fields, snake_case as GX writes them. */
export const expectationResultDetailSchema = z.object({
  element_count: countSchema,
  missing_count: countSchema,
  unexpected_count: countSchema,
  unexpected_percent: z.number().min(0).max(100).nullable(),
  missing_percent: z.number().min(0).max(100).nullable().optional(),
  unexpected_percent_total: z.number().min(0).max(100).nullable().optional(),
  unexpected_percent_nonmissing: z.number().min(0).max(100).nullable().optional(),
  details: z.record(z.string(), z.unknown()).optional(),
  observed_value: z.unknown().optional(),
  partial_unexpected_list: z.array(z.unknown()),
  unexpected_index_list: z.array(z.number().int()).optional(),
});

/** The outcome of one expectation. */
export const expectationResultSchema = z.object({
  expectation: z.object({
    type: z.string().describe('Great Expectations name, e.g. expect_column_values_to_not_be_null'),
    kwargs: z.record(z.string(), z.unknown()),
    id: z.string().optional(),
  }),
  success: z.boolean(),
  severity: severitySchema,
  code: z.string().optional().describe('stable anomaly code on failure, TFDV style'),
  message: z.string().optional(),
  result: expectationResultDetailSchema,
});

/** The outcome of one expectation. See {@link expectationResultSchema}. */
export type ExpectationResult = z.infer<typeof expectationResultSchema>;

/**
 * The outcome of running a suite of expectations over a dataset, in Great Expectations'
 * vocabulary.
 *
 * @example
 * ```ts
 * const report = parseValidationReport(json);
 * console.log(`${report.statistics.successPercent}% of expectations met`);
 * ```
 */
export const validationReportSchema = z
  .object({
    kind: z.literal('ValidationReport'),
    specVersion: specVersionSchema,
    suite: z.string(),
    createdAt: timestampSchema.optional(),
    success: z.boolean(),
    statistics: z.object({
      evaluated: countSchema,
      successful: countSchema,
      unsuccessful: countSchema,
      successPercent: z.number().min(0).max(100).nullable(),
    }),
    results: z.array(expectationResultSchema),
  })
  .meta({ id: 'ValidationReport', title: 'ValidationReport' });

/** A validation report. See {@link validationReportSchema}. */
export type ValidationReport = z.infer<typeof validationReportSchema>;
