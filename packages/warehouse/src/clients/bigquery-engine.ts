import type { SqlEngine, SqlQuery, SqlResult, SqlValue } from '@ballast/contracts';
import { defineEngine, rowsToObjects } from '../engine/define-engine';
import { textParameter } from '../engine/text-parameter';
import { normalizeValue, parseNumericText } from '../engine/normalize-value';
import { clientError } from './client-errors';
import { requireClient } from './require-option';

/** A query job, as `@google-cloud/bigquery`'s `Job`. */
export interface BigQueryJobLike {
  readonly id?: string;
  getQueryResults(options?: { readonly wrapIntegers?: boolean }): Promise<readonly unknown[]>;
  cancel(): Promise<unknown>;
}

/** The part of a `BigQuery` client the engine uses. */
export interface BigQueryClientLike {
  readonly projectId?: string;
  createQueryJob(options: {
    readonly query: string;
    readonly params?: readonly unknown[];
    readonly types?: readonly string[];
    readonly location?: string;
  }): Promise<readonly unknown[]>;
}

/** Options of {@link createBigQueryEngine}. */
export interface BigQueryEngineOptions {
  /** A `BigQuery` client from `@google-cloud/bigquery`. */
  readonly client: BigQueryClientLike;
  /** Project unqualified names belong to. Default: the client's `projectId`. */
  readonly projectId?: string;
  /** Dataset unqualified table names belong to (the job's default dataset), for lineage names. */
  readonly dataset?: string;
  /** Job location (`EU`, `us-central1`). */
  readonly location?: string;
}

/**
 * Wraps a BigQuery client as a {@link SqlEngine} with the `bigquery` dialect. Parameters (`?`) are
 * positional query parameters with types derived from the values (null as `STRING`: cast it where
 * the type matters); `timeoutMs` and `signal` cancel the job. INT64 and NUMERIC come back exact
 * (`number` while safe, else `bigint`), TIMESTAMP/DATETIME/DATE as `Date`. Tested with a fake
 * client here.
 *
 * @example
 * ```ts
 * import { BigQuery } from '@google-cloud/bigquery';
 * import { createBigQueryEngine } from '@ballast/warehouse/clients';
 *
 * const engine = createBigQueryEngine({ client: new BigQuery({ projectId: 'ml-prod' }), location: 'EU' });
 * ```
 */
export function createBigQueryEngine(options: BigQueryEngineOptions): SqlEngine {
  requireClient(
    'createBigQueryEngine',
    options?.client,
    ['createQueryJob'],
    'a @google-cloud/bigquery BigQuery client',
  );
  const { client } = options;
  const project = options.projectId ?? client.projectId;
  return defineEngine({
    name: 'BigQuery engine',
    dialect: 'bigquery',
    lineageNamespace: 'bigquery',
    ...(project === undefined ? {} : { database: project }),
    ...(options.dataset === undefined ? {} : { schema: options.dataset }),
    async execute(query: SqlQuery, onCancel): Promise<SqlResult> {
      try {
        const parameters = query.parameters ?? [];
        const [job] = (await client.createQueryJob({
          query: query.text,
          ...(parameters.length === 0
            ? {}
            : {
                params: parameters.map(value => textParameter(value, { dateAsText: false })),
                types: parameters.map(bigQueryType),
              }),
          ...(options.location === undefined ? {} : { location: options.location }),
        })) as [BigQueryJobLike];
        onCancel(() => job.cancel().then(() => {}));
        const [rows, , response] = (await job.getQueryResults({ wrapIntegers: true })) as [
          readonly Record<string, unknown>[],
          unknown,
          { schema?: { fields?: readonly { name: string; type?: string }[] } } | undefined,
        ];
        const fields =
          response?.schema?.fields ?? Object.keys(rows[0] ?? {}).map(name => ({ name }));
        const names = fields.map(field => field.name);
        return {
          columns: fields.map(field => ({
            name: field.name,
            ...('type' in field && field.type ? { type: field.type } : {}),
          })),
          rows: rowsToObjects(
            names,
            rows.map(row => names.map(name => row[name])),
            normalizeBigQueryValue,
          ),
        };
      } catch (cause) {
        throw clientError('bigquery', query.text, cause);
      }
    },
    release: () => {},
  });
}

function bigQueryType(value: SqlValue): string {
  if (value === null || typeof value === 'string') return 'STRING';
  if (typeof value === 'boolean') return 'BOOL';
  if (typeof value === 'bigint')
    return value >= -(2n ** 63n) && value < 2n ** 63n ? 'INT64' : 'BIGNUMERIC';
  if (typeof value === 'number') return Number.isSafeInteger(value) ? 'INT64' : 'FLOAT64';
  return 'TIMESTAMP';
}

/**
 * BigQuery's client wraps INT64 (`BigQueryInt`), NUMERIC (`Big`) and dates (`BigQueryTimestamp`,
 * `BigQueryDate`, `BigQueryDatetime`) in objects; unwrap them to the `SqlResult` conventions.
 */
export function normalizeBigQueryValue(value: unknown): unknown {
  if (value === null || typeof value !== 'object' || value instanceof Date)
    return normalizeValue(value);
  if (Array.isArray(value)) return value.map(normalizeBigQueryValue);
  const kind = (value as { constructor?: { name?: string } }).constructor?.name;
  const inner = (value as { value?: unknown }).value;
  if (kind === 'BigQueryInt' && typeof inner === 'string') return parseNumericText(inner);
  if (kind === 'Big') return parseNumericText(String(value));
  if ((kind === 'BigQueryTimestamp' || kind === 'BigQueryDatetime') && typeof inner === 'string') {
    const date = new Date(/Z|[+-]\d{2}:?\d{2}$/.test(inner) ? inner : `${inner}Z`);
    return Number.isNaN(date.getTime()) ? inner : date;
  }
  if (kind === 'BigQueryDate' && typeof inner === 'string') return new Date(`${inner}T00:00:00Z`);
  if (kind === 'BigQueryTime' && typeof inner === 'string') return inner;
  if (Object.getPrototypeOf(value) === Object.prototype) {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) out[key] = normalizeBigQueryValue(item);
    return out;
  }
  return value;
}
