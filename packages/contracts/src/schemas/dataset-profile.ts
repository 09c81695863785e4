import { z } from 'zod';
import { countSchema, sha256Schema, specVersionSchema, timestampSchema } from './common';
import { logicalTypeSchema } from './column-schema';

/** Streaming moments (Welford / Chan): mergeable without the raw values. */
export const momentsSchema = z.object({
  count: countSchema,
  mean: z.number(),
  m2: z.number().describe('sum of squared deviations from the mean'),
  min: z.number(),
  max: z.number(),
  sum: z.number(),
});

/** A histogram over fixed edges; `counts.length === edges.length - 1`. */
export const histogramSchema = z.object({
  edges: z.array(z.number()).min(2),
  counts: z.array(countSchema),
});

/** Category frequencies capped at `cap` entries; the rest is counted in `otherCount`. */
export const categoryCountsSchema = z.object({
  cap: countSchema,
  counts: z.record(z.string(), countSchema),
  otherCount: countSchema,
  distinctEstimate: countSchema.optional(),
});

/**
 * A serialised quantile sketch. `algorithm` names the implementation that can merge and read
 * it; `rankError` is its documented normalised rank error bound (0 for exact).
 */
export const quantileSketchSchema = z.object({
  algorithm: z.string(),
  rankError: z.number().nonnegative(),
  state: z.record(z.string(), z.unknown()),
});

/** Mergeable statistics of one column. */
export const columnProfileSchema = z.object({
  name: z.string(),
  type: logicalTypeSchema,
  count: countSchema.describe('rows seen, including missing'),
  missing: countSchema.describe('null or NaN values'),
  moments: momentsSchema.optional(),
  categories: categoryCountsSchema.optional(),
  quantiles: quantileSketchSchema.optional(),
  histogram: histogramSchema.optional(),
});

/** Mergeable statistics of one column. See {@link columnProfileSchema}. */
export type ColumnProfile = z.infer<typeof columnProfileSchema>;

/**
 * A mergeable, serialisable summary of a dataset: what drift detection and validation need,
 * without the raw rows (the whylogs model).
 *
 * @example
 * ```ts
 * const profile = parseDatasetProfile(JSON.parse(await readFile('reference.profile.json', 'utf8')));
 * console.log(profile.rowCount, profile.columns.map(column => column.name));
 * ```
 */
export const datasetProfileSchema = z
  .object({
    kind: z.literal('DatasetProfile'),
    specVersion: specVersionSchema,
    createdAt: timestampSchema,
    fingerprint: sha256Schema.describe('digest of the profiled content'),
    rowCount: countSchema,
    columns: z.array(columnProfileSchema),
  })
  .meta({ id: 'DatasetProfile', title: 'DatasetProfile' });

/** A dataset profile. See {@link datasetProfileSchema}. */
export type DatasetProfile = z.infer<typeof datasetProfileSchema>;
