import {
  type ColumnProfile,
  type DatasetProfile,
  InvalidInputError,
  parseWithSchema,
  SPEC_VERSION,
} from '@ballast/contracts';
import { z } from 'zod';
import { DEFAULT_KLL_K } from '../sketch/kll-sketch';
import { DEFAULT_CATEGORY_CAP } from './category-counts';
import { type ColumnAccumulatorOptions, profileColumnSource } from './column-accumulator';
import type { ProfileBinning } from './histogram-edges';
import { profileFingerprint } from './profile-fingerprint';
import { type ProfileInput, type ProfileSource, readProfileInput } from './profile-input';
import { profileSqlTable } from '../pushdown/profile-sql-table';
import type { SqlProfileOptions } from '../pushdown/sql-profile-options';
import { isSqlTable, type SqlTable } from '@ballast/contracts';

/** Options of {@link profile}. */
export interface ProfileOptions {
  /** Columns to profile, in this order (default: all). */
  columns?: readonly string[];
  /** Histogram edges from the reference: `'sturges'` (default), equal-width or sketch quantiles. */
  binning?: ProfileBinning;
  /** Fixed edges per numeric column, overriding `binning` (partition profiles merge on equal edges). */
  edges?: Readonly<Record<string, readonly number[]>>;
  /** Categories kept per column, the most frequent first (default 1000). */
  categoryCap?: number;
  /** KLL accuracy parameter (default 1024, rank error ≈ 0.27%). */
  sketchK?: number;
  /** Keep a numeric column's values exactly beside its sketch while it has at most this many (default 100 000; 0: never), so drift from the profile is exact. */
  exactLimit?: number;
  /** Above `exactLimit`, the smallest and largest values kept exactly per column (default 1000), which bound sketch distances on heavy tails. */
  exactTail?: number;
  /** Seed of the sketches' coin flips (default 0); each column mixes in its name. */
  seed?: number;
  /** Timestamp to record (default now), for reproducible documents. */
  createdAt?: Date;
}

const binningSchema = z.discriminatedUnion('method', [
  z.object({ method: z.literal('sturges') }),
  z.object({ method: z.literal('equal-width'), bins: z.number().int().min(1).max(100_000) }),
  z.object({ method: z.literal('quantile'), bins: z.number().int().min(1).max(100_000) }),
]);

const optionsSchema = z.object({
  columns: z.array(z.string()).optional(),
  binning: binningSchema.optional(),
  edges: z.record(z.string(), z.array(z.number())).optional(),
  categoryCap: z.number().int().min(1).optional(),
  sketchK: z.number().int().min(8).max(65_535).optional(),
  exactLimit: z.number().int().min(0).max(10_000_000).optional(),
  exactTail: z.number().int().min(0).max(1_000_000).optional(),
  seed: z.number().int().optional(),
  createdAt: z.date().optional(),
});

/** Default of {@link ProfileOptions.exactLimit}: columns of up to 100 000 values are kept exactly. */
export const DEFAULT_EXACT_LIMIT = 100_000;

/** Default of {@link ProfileOptions.exactTail}. */
export const DEFAULT_EXACT_TAIL = 1_000;

function columnSeed(seed: number, name: string): number {
  // FNV-1a of the name, so a column's sketch does not depend on its position.
  let hash = 0x811c9dc5 ^ seed;
  for (let index = 0; index < name.length; index += 1) {
    hash = Math.imul(hash ^ name.charCodeAt(index), 0x01000193);
  }
  return hash >>> 0;
}

/** The parsed options and input of one profiling run, shared by the serial and parallel paths. */
export interface ProfilePlan {
  source: ProfileSource;
  columnOptions: (name: string) => ColumnAccumulatorOptions;
  /** The profile document of `columns` (built once); `rowCount` defaults to the input's. */
  finish: (columns: ColumnProfile[], rowCount?: number) => DatasetProfile;
}

/** Validates input and options once; both {@link profile} and the worker-thread path use it. */
export function planProfile(input: ProfileInput, options: ProfileOptions): ProfilePlan {
  const parsed = parseWithSchema(optionsSchema, options, 'profile options');
  const source = readProfileInput(input, parsed.columns);
  for (const name of Object.keys(parsed.edges ?? {})) {
    const column = source.columns.find(candidate => candidate.name === name);
    // An all-missing column may be numeric in other partitions profiled with the same edges.
    if (!column || (column.kind !== 'numeric' && column.type !== 'null')) {
      throw new InvalidInputError({
        code: 'COLUMN_MISSING',
        message: `options.edges names "${name}", which is not a numeric column of the input.`,
        details: { path: `edges.${name}`, column: name },
      });
    }
  }
  return {
    source,
    columnOptions: name => ({
      categoryCap: parsed.categoryCap ?? DEFAULT_CATEGORY_CAP,
      sketchK: parsed.sketchK ?? DEFAULT_KLL_K,
      exactLimit: parsed.exactLimit ?? DEFAULT_EXACT_LIMIT,
      exactTail: parsed.exactTail ?? DEFAULT_EXACT_TAIL,
      seed: columnSeed(parsed.seed ?? 0, name),
      binning: parsed.binning ?? { method: 'sturges' },
      edges: parsed.edges?.[name],
    }),
    finish: (columns, rowCount = source.rowCount) => {
      const content = { rowCount, columns };
      return {
        kind: 'DatasetProfile',
        specVersion: SPEC_VERSION,
        createdAt: (parsed.createdAt ?? new Date()).toISOString(),
        fingerprint: profileFingerprint(content),
        ...content,
      };
    },
  };
}

/**
 * Profiles a table where it lives: with a `sqlTable(engine, ...)` the engine computes the same
 * {@link DatasetProfile} in SQL (see `SqlProfileOptions`: a reference profile's edges,
 * partitions, timeout, cancellation), and only aggregates leave it.
 *
 * @example
 * ```ts
 * const current = await profile(sqlTable(engine, 'analytics.flights'), { reference });
 * ```
 */
export function profile(input: SqlTable, options?: SqlProfileOptions): Promise<DatasetProfile>;
/**
 * Builds a mergeable, serialisable {@link DatasetProfile} of a reference dataset: per column the
 * row and missing counts (null, NaN and ±Infinity are missing), and for numeric columns the
 * moments (Welford/Chan), a KLL quantile sketch, a histogram on reference-derived edges (Sturges
 * over the reference range by default; `edges` fixed per column make partitions mergeable, as
 * profiles merge only when their edges agree) and —
 * when the column has at most 20 distinct values — its exact value counts; for categorical and
 * boolean columns the category counts (capped, most frequent first). Arrow tables are read
 * RecordBatch by RecordBatch; nothing is copied beyond one batch of one column.
 *
 * @example
 * ```ts
 * const reference = profile(tableFromIPC(await readFile('reference.arrow')));
 * await writeFile('reference.profile.json', JSON.stringify(reference));
 * ```
 */
export function profile(input: ProfileInput, options?: ProfileOptions): DatasetProfile;
export function profile(
  input: ProfileInput | SqlTable,
  options: ProfileOptions = {},
): DatasetProfile | Promise<DatasetProfile> {
  // A table in a SQL engine is profiled by the engine (pushdown), asynchronously.
  if (isSqlTable(input)) return profileSqlTable(input, options);
  return profileOnThisThread(planProfile(input, options));
}

/** Summarises every planned column on the calling thread. */
export function profileOnThisThread(plan: ProfilePlan): DatasetProfile {
  return plan.finish(
    plan.source.columns.map(column => profileColumnSource(column, plan.columnOptions(column.name))),
  );
}
