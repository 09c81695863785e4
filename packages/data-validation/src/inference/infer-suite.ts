import { type ColumnProfile, type DatasetProfile, SPEC_VERSION } from '@ballast/contracts';
import type { Schema } from 'apache-arrow';
import { leafColumnPaths, summarizeReference } from './summarize-reference';
import type { ExpectationConfiguration, ExpectationSuite } from '../suite/expectation-schemas';
import { parseSuite } from '../suite/parse-suite';
import { type DatasetInput, toBatchSource } from '../validate';
import { wilsonLowerBound } from './wilson-lower-bound';

/** Options of {@link inferSuite}. */
export interface InferSuiteOptions {
  /** Suite name (default `inferred`). */
  name?: string;
  /** Confidence of the Wilson lower bound used for `mostly` on partly-null columns (0.95). */
  confidence?: number;
  /** String columns with at most this many distinct values get a value set (TFDV: 100). */
  maxStringDomainSize?: number;
  /** Also propose numeric ranges from the observed min/max (TFDV does not; default false). */
  numericRanges?: boolean;
  /**
   * Environments and the columns present in each (a sample dataset or a column list). A
   * reference column absent from an environment gets `not_in_environment: [that environment]`,
   * and the suite's `default_environment` lists every environment (TFDV's model).
   */
  environments?: Record<string, DatasetInput | string[]>;
  /** A profile computed earlier, to avoid a second pass over the reference data. */
  profile?: DatasetProfile;
}

async function columnsOf(input: DatasetInput | string[]): Promise<Set<string>> {
  if (Array.isArray(input) && (input.length === 0 || typeof input[0] === 'string'))
    return new Set(input as string[]);
  const { batches, schema } = toBatchSource(input as DatasetInput);
  let found: Schema | undefined = schema;
  if (!found) {
    for await (const batch of batches) {
      found = batch.schema;
      break;
    }
  }
  return new Set(found ? leafColumnPaths(found.fields) : []);
}

function evidence(column: ColumnProfile, extra: Record<string, unknown> = {}) {
  return { inferred: { count: column.count, missing: column.missing, ...extra } };
}

function suggestionsFor(
  column: ColumnProfile,
  options: InferSuiteOptions,
): ExpectationConfiguration[] {
  const suggestions: ExpectationConfiguration[] = [];
  const present = column.count - column.missing;
  suggestions.push({
    type: 'expect_column_values_to_be_of_type',
    kwargs: { column: column.name, type_: column.type },
  });
  if (present === column.count && column.count > 0) {
    suggestions.push({
      type: 'expect_column_values_to_not_be_null',
      kwargs: { column: column.name },
      meta: evidence(column),
    });
  } else if (present > 0) {
    const confidence = options.confidence ?? 0.95;
    const mostly = Math.floor(wilsonLowerBound(present, column.count, confidence) * 1e6) / 1e6;
    suggestions.push({
      type: 'expect_column_values_to_not_be_null',
      kwargs: { column: column.name, mostly },
      meta: evidence(column, {
        observed_share: present / column.count,
        bound: 'wilson',
        confidence,
      }),
    });
  }
  const categories = column.categories;
  const domainSize = options.maxStringDomainSize ?? 100;
  if (
    categories &&
    (column.type === 'string' || column.type === 'categorical' || column.type === 'boolean') &&
    categories.distinctEstimate !== undefined &&
    categories.distinctEstimate <= domainSize &&
    categories.distinctEstimate > 0
  ) {
    const values = Object.keys(categories.counts).sort();
    const value_set = column.type === 'boolean' ? values.map(value => value === 'true') : values;
    suggestions.push({
      type: 'expect_column_values_to_be_in_set',
      kwargs: { column: column.name, value_set },
      meta: evidence(column, { distinct: categories.distinctEstimate }),
    });
  }
  if (
    options.numericRanges &&
    column.moments &&
    (column.type === 'integer' || column.type === 'float')
  ) {
    suggestions.push({
      type: 'expect_column_values_to_be_between',
      kwargs: { column: column.name, min_value: column.moments.min, max_value: column.moments.max },
      meta: evidence(column, { min: column.moments.min, max: column.moments.max }),
    });
  }
  return suggestions;
}

/**
 * Proposes an editable suite from reference data, as TFDV's `infer_schema` and Deequ's
 * suggestion rules do: for each leaf column (struct fields by dot path) its type; not-null,
 * or not-null with `mostly` set to the Wilson lower bound of the observed non-null share
 * (not the share itself, so a fresh sample of the same data passes); a value set for string
 * and boolean columns with at most 100 distinct values; optionally numeric ranges; and the
 * table's column set. Every suggestion carries its evidence in `meta.inferred`. Review it
 * before enforcing it: it assumes the reference data is correct.
 *
 * @example
 * ```ts
 * const suite = await inferSuite(readParquet('train.parquet'), {
 *   environments: { TRAINING: ['age', 'label'], SERVING: ['age'] },
 * });
 * ```
 */
export async function inferSuite(
  reference: DatasetInput,
  options: InferSuiteOptions = {},
): Promise<ExpectationSuite> {
  const profile = options.profile ?? (await summarizeReference(reference));
  const environmentColumns = await Promise.all(
    Object.entries(options.environments ?? {}).map(
      async ([name, input]) => [name, await columnsOf(input)] as const,
    ),
  );
  const topLevel = [...new Set(profile.columns.map(column => column.name.split('.')[0]!))];
  const expectations: ExpectationConfiguration[] = [
    {
      type: 'expect_table_columns_to_match_set',
      kwargs: { column_set: topLevel, exact_match: true },
    },
  ];
  for (const column of profile.columns) {
    const absentIn = environmentColumns
      .filter(([, columns]) => !columns.has(column.name))
      .map(([name]) => name);
    for (const suggestion of suggestionsFor(column, options)) {
      expectations.push(
        absentIn.length > 0 ? { ...suggestion, not_in_environment: absentIn } : suggestion,
      );
    }
  }
  if (environmentColumns.length > 0) {
    // The column set differs between environments, so the table-level check only holds where
    // every reference column is present.
    const incomplete = environmentColumns
      .filter(([, columns]) => !profile.columns.every(column => columns.has(column.name)))
      .map(([name]) => name);
    if (incomplete.length > 0)
      expectations[0] = { ...expectations[0]!, not_in_environment: incomplete };
  }
  return parseSuite(
    {
      kind: 'ExpectationSuite',
      specVersion: SPEC_VERSION,
      name: options.name ?? 'inferred',
      meta: { inferred_from: { rows: profile.rowCount, fingerprint: profile.fingerprint } },
      ...(environmentColumns.length > 0
        ? { default_environment: environmentColumns.map(([name]) => name) }
        : {}),
      expectations,
    },
    { sourceName: 'inferSuite' },
  );
}
