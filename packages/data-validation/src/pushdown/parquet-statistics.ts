// Expectations answered from a Parquet file's footer statistics, so the reader need not decode
// the column at all (what DuckDB or Spark do for the same checks). Only answers that are exact
// are given: every one equals, field for field, the report of the decoded column.
import { InvalidInputError } from '@ballast/contracts';
import type { ParquetColumnStatistics, ParquetFooter } from '@ballast/kit';
import type { Schema } from 'apache-arrow';
import { anomalyCodes } from '../anomaly-codes';
import {
  type EmptyPolicy,
  type EvaluationOutcome,
  type ExpectationEvaluator,
  mapOutcome,
  withinBounds,
} from '../engine/expectation-evaluator';
import { type ResultLimits, UnexpectedTally } from '../engine/unexpected-tally';
import type { ExpectationConfiguration, ExpectationKwargs } from '../suite/expectation-schemas';
import { expectationColumns, topLevelFields } from '../suite/suite-columns';

/**
 * Key of the Arrow schema metadata in which `readParquet` records the footer facts of the
 * columns it left undecoded; the facts travel with the batches (and a Table made of them).
 */
export const parquetStatisticsMetadataKey = 'ballast.data-validation.parquet-statistics';

/** What a file's footer says about one column, over all its row groups. */
export interface ColumnStatisticsFacts {
  /** Nulls in the column (the sum of every row group's `null_count`). */
  nullCount: number;
  /**
   * `integer`: a plain signed INT32/INT64 column (no logical type but a signed INT), whose
   * min/max order as numbers; `other`: a column whose nulls are all its missing values
   * (no floats: a NaN is missing too, and Parquet does not count it).
   */
  kind: 'integer' | 'other';
  /** Smallest present value (integer columns with min/max in every row group holding values). */
  min?: number;
  /** Largest present value, as `min`. */
  max?: number;
}

/** The footer facts a reader hands to the validator: the file's rows and the undecoded columns. */
export interface ParquetStatisticsFacts {
  /** Rows in the file. */
  rows: number;
  /** Facts of each column the reader left undecoded, by name. */
  columns: Record<string, ColumnStatisticsFacts>;
}

/** Logical types of INT32/INT64 columns read as plain numbers (no unit, no unsigned order). */
const signedIntegerTypes = new Set([undefined, 'INT_8', 'INT_16', 'INT_32', 'INT_64']);
/** Arrow types a writer may record for those that readers still give as signed integers. */
const signedArrowTypes = new Set([undefined, 'c', 's', 'i', 'l']);
/** Other columns whose views the null checks read like any column (nulls only are missing). */
const otherTypes: Record<string, ReadonlySet<string | undefined>> = {
  BOOLEAN: new Set([undefined]),
  INT32: new Set(['UINT_8', 'UINT_16', 'UINT_32', 'DATE']),
  INT64: new Set(['UINT_64', 'TIMESTAMP', 'TIMESTAMP_MILLIS', 'TIMESTAMP_MICROS']),
  BYTE_ARRAY: new Set(['STRING', 'UTF8', 'ENUM', 'JSON']),
};

/**
 * How the engine will see a column, from its footer types: a plain signed integer (an Arrow
 * type recorded by the writer, such as a duration over an INT64, makes it something else), a
 * column whose only missing values are nulls, or neither.
 */
function kindOf(statistics: ParquetColumnStatistics): 'integer' | 'other' | undefined {
  const { physicalType, logicalType, arrowType } = statistics;
  if (arrowType === '?') return undefined;
  if (
    (physicalType === 'INT32' || physicalType === 'INT64') &&
    signedIntegerTypes.has(logicalType) &&
    signedArrowTypes.has(arrowType) &&
    !statistics.arrowDictionary
  )
    return 'integer';
  return otherTypes[physicalType]?.has(logicalType) ? 'other' : undefined;
}

const count = (value: unknown): value is number =>
  typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;

/**
 * The facts of one top-level flat column over every row group of `footer`, or `undefined`
 * when they cannot be trusted or are incomplete: a row group without a null count, a count
 * outside `[0, rows]`, a float or otherwise unsupported type. An integer column's min/max are
 * kept only when every row group holding values has both.
 */
export function columnStatisticsFacts(
  footer: ParquetFooter,
  column: string,
): ColumnStatisticsFacts | undefined {
  if (footer.rowGroups.length === 0) return undefined;
  let kind: 'integer' | 'other' | undefined;
  let nullCount = 0;
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  let ranged = true;
  for (const group of footer.rowGroups) {
    const statistics = group.columns.get(column);
    if (statistics === undefined) return undefined;
    const groupKind = kindOf(statistics);
    if (groupKind === undefined || (kind !== undefined && kind !== groupKind)) return undefined;
    kind = groupKind;
    const nulls = statistics.nullCount;
    if (!count(group.numRows) || !count(nulls) || nulls > group.numRows) return undefined;
    nullCount += nulls;
    if (nulls === group.numRows) continue;
    const { min: low, max: high } = statistics;
    // An INT64 bound beyond 2^53 arrives rounded: no range is proven from it.
    if (
      !Number.isSafeInteger(low) ||
      !Number.isSafeInteger(high) ||
      !((low as number) <= (high as number))
    )
      ranged = false;
    else {
      min = Math.min(min, low as number);
      max = Math.max(max, high as number);
    }
  }
  if (kind === undefined) return undefined;
  const facts: ColumnStatisticsFacts = { nullCount, kind };
  if (kind === 'integer' && ranged && min <= max) Object.assign(facts, { min, max });
  return facts;
}

/** The rows of a footer, when its row groups agree with its total. */
export function footerRows(footer: ParquetFooter): number | undefined {
  const rows = footer.rowGroups.reduce((sum, group) => sum + group.numRows, 0);
  return count(rows) && rows === footer.numRows ? rows : undefined;
}

/** What an answer from statistics reads when the run finishes. */
interface AnswerInput {
  readonly limits: ResultLimits;
  readonly onEmpty: EmptyPolicy;
}

type Answer = (input: AnswerInput) => EvaluationOutcome;

/** A tally with no unexpected value: every list empty, as the decoded column's would be. */
function tallyOf(
  limits: ResultLimits,
  elementCount: number,
  missingCount: number,
): UnexpectedTally {
  const tally = new UnexpectedTally(limits);
  tally.elementCount = elementCount;
  tally.missingCount = missingCount;
  return tally;
}

const isBound = (value: unknown): value is number | null | undefined =>
  value === null || value === undefined || (typeof value === 'number' && Number.isFinite(value));

/**
 * Answers `expectation` from a column's footer facts when the answer is exact whatever the
 * result format: no unexpected value at all (so no list could hold a row or a value), no row
 * condition. `undefined` when the column must be decoded. The outcomes are built as the
 * decoded evaluators build theirs (same tally, same `mapOutcome`).
 */
export function statisticsAnswer(
  expectation: ExpectationConfiguration,
  facts: ColumnStatisticsFacts,
  rows: number,
): Answer | undefined {
  if (expectation.row_condition !== undefined) return undefined;
  switch (expectation.type) {
    case 'expect_column_values_to_not_be_null':
    case 'expect_column_values_to_be_null': {
      const expectNull = expectation.type === 'expect_column_values_to_be_null';
      const { mostly } = expectation.kwargs as ExpectationKwargs<'expect_column_values_to_be_null'>;
      if (facts.nullCount !== (expectNull ? rows : 0)) return undefined;
      return ({ limits, onEmpty }) => {
        const tally = tallyOf(limits, rows, facts.nullCount);
        const code = expectNull ? anomalyCodes.nonNullValues : anomalyCodes.nullValues;
        const outcome = mapOutcome(tally, mostly, code, onEmpty, 'all');
        return { ...outcome, result: { ...outcome.result, missing_count: facts.nullCount } };
      };
    }
    case 'expect_column_values_to_be_between': {
      const kwargs = expectation.kwargs as ExpectationKwargs<'expect_column_values_to_be_between'>;
      const { min_value, max_value } = kwargs;
      if (facts.kind !== 'integer' || kwargs.parse_strings_as_datetimes) return undefined;
      if (!isBound(min_value) || !isBound(max_value)) return undefined;
      if (facts.nullCount !== rows) {
        const bounds = {
          min: min_value,
          max: max_value,
          strictMin: kwargs.strict_min ?? false,
          strictMax: kwargs.strict_max ?? false,
        };
        // Integers read as doubles, rounded monotonically: with both extremes inside the
        // (convex) bounds, so is every value between them.
        if (facts.min === undefined || facts.max === undefined) return undefined;
        if (!withinBounds(facts.min, bounds) || !withinBounds(facts.max, bounds)) return undefined;
      }
      return ({ limits, onEmpty }) =>
        mapOutcome(
          tallyOf(limits, rows, facts.nullCount),
          kwargs.mostly,
          anomalyCodes.valueOutOfRange,
          onEmpty,
        );
    }
    default:
      return undefined;
  }
}

/**
 * The columns of `candidates` that need not be decoded for `expectations`: those with facts
 * where every expectation that reads the column is {@link statisticsAnswer}ed. An expectation
 * reading the whole column list leaves every column to be decoded.
 */
export function columnsAnsweredByStatistics(
  expectations: readonly ExpectationConfiguration[],
  candidates: readonly string[],
  footer: ParquetFooter,
): ParquetStatisticsFacts | undefined {
  const rows = footerRows(footer);
  // A file without rows is left to the decoded path (which sees no batch, hence no schema).
  if (rows === undefined || rows === 0) return undefined;
  const used = expectations.map(expectation => expectationColumns(expectation));
  if (used.some(columns => columns === undefined)) return undefined;
  const answered: Array<[string, ColumnStatisticsFacts]> = [];
  for (const column of candidates) {
    const facts = columnStatisticsFacts(footer, column);
    if (facts === undefined) continue;
    const everyOne = expectations.every((expectation, index) => {
      const reads = used[index] as string[];
      if (topLevelFields(reads, [column]).length === 0) return true;
      return (
        reads.length === 1 && reads[0] === column && statisticsAnswer(expectation, facts, rows)
      );
    });
    if (everyOne) answered.push([column, facts]);
  }
  // fromEntries defines own properties, so a column named `__proto__` is one too.
  return answered.length === 0 ? undefined : { rows, columns: Object.fromEntries(answered) };
}

/** The facts recorded in a schema by `readParquet`, or `undefined` (none, or not readable). */
export function statisticsFactsOf(schema: Schema): ParquetStatisticsFacts | undefined {
  const text = schema.metadata.get(parquetStatisticsMetadataKey);
  if (text === undefined) return undefined;
  try {
    const facts = JSON.parse(text) as ParquetStatisticsFacts;
    if (!count(facts?.rows) || typeof facts.columns !== 'object' || facts.columns === null)
      return undefined;
    return facts;
  } catch {
    return undefined;
  }
}

/** The error of an expectation that needs a column the reader answered from statistics. */
function notDecoded(
  expectation: ExpectationConfiguration,
  path: string,
  columns: readonly string[],
): InvalidInputError {
  const names = columns.map(column => `"${column}"`).join(', ');
  return new InvalidInputError({
    code: 'COLUMN_NOT_DECODED',
    message: `${path} (${expectation.type}) needs column ${names}, which readParquet left undecoded: the file's footer statistics answered every expectation on it of the suite readParquet was given. Read the file with the suite you validate with, or with { statistics: false }.`,
    details: { path, columns: [...columns] },
  });
}

/**
 * How the run treats an expectation in a batch schema carrying footer facts: `undefined` when
 * it reads no undecoded column, else an evaluator answering it from the facts.
 *
 * @throws InvalidInputError `COLUMN_NOT_DECODED` when it reads an undecoded column but cannot be
 *   answered from the facts (another suite than the reader's, a row condition, ...).
 */
export function statisticsEvaluator(
  expectation: ExpectationConfiguration,
  path: string,
  facts: ParquetStatisticsFacts,
  present: (column: string) => boolean,
): ExpectationEvaluator | undefined {
  const undecoded = Object.keys(facts.columns).filter(column => !present(column));
  if (undecoded.length === 0) return undefined;
  const reads = expectationColumns(expectation);
  if (reads === undefined) throw notDecoded(expectation, path, undecoded);
  const hits = topLevelFields(reads, undecoded);
  if (hits.length === 0) return undefined;
  const column = hits[0] as string;
  const answer =
    reads.length === 1 && reads[0] === column
      ? statisticsAnswer(expectation, facts.columns[column] as ColumnStatisticsFacts, facts.rows)
      : undefined;
  if (answer === undefined) throw notDecoded(expectation, path, hits);
  // The run checks that its rows are the file's before finishing (see `checkStatisticsRows`).
  return { columns: [], finish: ({ limits, onEmpty }) => answer({ limits, onEmpty }) };
}

/**
 * Facts are of the whole file: batches that are not all of it (a slice, a filtered table)
 * cannot be answered from them.
 *
 * @throws InvalidInputError `COLUMN_NOT_DECODED` when the run saw another number of rows.
 */
export function checkStatisticsRows(facts: ParquetStatisticsFacts, rowCount: number): void {
  if (rowCount === facts.rows) return;
  const columns = Object.keys(facts.columns);
  throw new InvalidInputError({
    code: 'COLUMN_NOT_DECODED',
    message: `column ${columns.map(column => `"${column}"`).join(', ')} was left undecoded by readParquet, to be answered from the footer statistics of the file's ${facts.rows} rows, but the data validated has ${rowCount} rows. Read the file with { statistics: false } to validate part of it.`,
    details: { columns },
  });
}
