import { z } from 'zod';
import type { Correction } from '../report/adjust-p-values';
import { type DriftMethodId, driftMethodNames, isDriftMethodId } from '../methods';

/** Options of a comparison, whatever the reference and the backend. */
export interface ComparisonOptions {
  /** Columns to compare (default: every reference column). */
  columns?: ReadonlyArray<string>;
  /** Feature type per column, overriding inference (for example integer codes as `'categorical'`). */
  columnTypes?: Readonly<Record<string, 'numeric' | 'categorical'>>;
  /** Method per column, overriding `methodsByType` and Evidently's default choice. */
  methods?: Readonly<Record<string, DriftMethodId>>;
  /** Method per feature type (`boolean` columns use the categorical entry). */
  methodsByType?: Readonly<Partial<Record<'numeric' | 'categorical', DriftMethodId>>>;
  /** Threshold per column (default: the method's Evidently default). */
  thresholds?: Readonly<Record<string, number>>;
  /** Options passed to a method's statistic, by method id (for example `{ tvd: { permutations: 999 } }`). */
  statisticOptions?: Readonly<Partial<Record<DriftMethodId, Record<string, unknown>>>>;
  /** Multiple-testing correction across p-value columns. Default `'none'` (as Evidently). */
  correction?: Correction;
  /** Share of evaluated columns that must drift for the dataset to drift. Default 0.5. */
  driftShare?: number;
  /** Absolute change of the missing share that raises `missingShareDrift.drifted`. Default 0.1. */
  missingShareThreshold?: number;
  /** Report timestamp (default now). */
  createdAt?: Date;
}

const methodSchema = z.string().refine(isDriftMethodId, {
  error: issue =>
    `Unknown drift method ${JSON.stringify(issue.input)}; expected one of ${driftMethodNames.join(', ')}.`,
});
/** Validates {@link ComparisonOptions}. */
export const detectDriftOptionsSchema = z.object({
  columns: z.array(z.string()).optional(),
  columnTypes: z.record(z.string(), z.enum(['numeric', 'categorical'])).optional(),
  methods: z.record(z.string(), methodSchema).optional(),
  methodsByType: z
    .object({ numeric: methodSchema.optional(), categorical: methodSchema.optional() })
    .optional(),
  thresholds: z.record(z.string(), z.number().nonnegative()).optional(),
  statisticOptions: z.record(z.string(), z.record(z.string(), z.unknown())).optional(),
  correction: z.enum(['none', 'bonferroni', 'benjamini-hochberg']).optional(),
  driftShare: z.number().min(0).max(1).optional(),
  missingShareThreshold: z.number().min(0).max(1).optional(),
  createdAt: z.date().optional(),
});

/** Options after validation. */
export type ParsedDetectDriftOptions = z.output<typeof detectDriftOptionsSchema>;
