import {
  type DatasetProfile,
  datasetProfileSchema,
  InvalidInputError,
  parseWithSchema,
} from '@ballast/contracts';
import type { DateUnit } from '@ballast/kit';
import { z } from 'zod';
import type { ProfileOptions } from '../profile/profile';

/** How a pushed-down profile splits a table into partitions profiled separately. */
export interface SqlPartitionBy {
  /** The column whose values (or truncated timestamps) name the partitions. */
  column: string;
  /** Truncate a timestamp column to this calendar unit first (one partition per day, ISO week, month or year). */
  truncate?: DateUnit;
}

/**
 * Options of a profile computed in SQL (`profile(sqlTable(...), options)`): every option of the
 * in-process profile, plus the reference whose histogram edges to reuse, partitions, and the
 * timeout and cancellation of the queries.
 */
export interface SqlProfileOptions extends ProfileOptions {
  /**
   * A profile whose numeric histograms give this profile's edges (unless `edges` names the
   * column), so the two profiles bin alike and compare bin by bin. As with `edges`, edges that do
   * not cover this table's range are widened to its min and max.
   */
  reference?: DatasetProfile;
  /** Profile each partition separately and merge the partition profiles (`mergeProfiles`). */
  partitionBy?: SqlPartitionBy;
  /** Cancels the running query when aborted; the promise rejects with the signal's reason. */
  signal?: AbortSignal;
  /** Deadline of each query in milliseconds (a `TimeoutError` past it). */
  timeoutMs?: number;
}

const extrasSchema = z.object({
  partitionBy: z
    .object({
      column: z.string().min(1),
      truncate: z.enum(['day', 'week', 'month', 'year']).optional(),
    })
    .optional(),
  timeoutMs: z.number().int().positive().optional(),
});

/** The SQL-only options, checked. */
export interface ParsedSqlOptions {
  reference: DatasetProfile | undefined;
  partitionBy: SqlPartitionBy | undefined;
  queryOptions: { signal?: AbortSignal; timeoutMs?: number };
}

/** Checks the options only a pushed-down profile has; the shared ones are checked by `planProfile`. */
export function parseSqlOptions(options: SqlProfileOptions): ParsedSqlOptions {
  const extras = parseWithSchema(extrasSchema, options, 'profile options');
  const { signal } = options;
  if (signal !== undefined && !(signal instanceof AbortSignal)) {
    throw new InvalidInputError({
      code: 'INVALID_OPTIONS',
      message: 'Invalid profile options at signal: expected an AbortSignal.',
      details: { path: 'signal' },
    });
  }
  const reference =
    options.reference === undefined
      ? undefined
      : parseWithSchema(datasetProfileSchema, options.reference, 'profile options.reference');
  return {
    reference,
    partitionBy: extras.partitionBy,
    queryOptions: {
      ...(signal ? { signal } : {}),
      ...(extras.timeoutMs === undefined ? {} : { timeoutMs: extras.timeoutMs }),
    },
  };
}
