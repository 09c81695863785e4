import { InvalidInputError, isSqlTable, type SqlTable } from '@ballast/contracts';
import type { RecordBatch, Schema, Table } from 'apache-arrow';
import {
  adoptBatches,
  adoptBatchesSync,
  adoptRecordBatch,
  adoptSchema,
  isRecordBatchLike,
  isSchemaLike,
  isTableLike,
  type RecordBatchLike,
  type TableLike,
} from './arrow/foreign-arrow';
import { type DataValidationReport, type RunSuiteOptions, runSuite } from './engine/run-suite';
import { recordsToTable } from './records/records-to-arrow';
import { type ValidateSqlOptions, validateSql } from './pushdown/validate-sql';
import type { ExpectationSuite } from './suite/expectation-schemas';
import { parseSuite } from './suite/parse-suite';

/**
 * Anything {@link validate} can read. Tables and batches are recognised by their shape, so those
 * of another apache-arrow copy or major (`TableLike`, `RecordBatchLike`) are read as well.
 */
export type DatasetInput =
  | Table
  | RecordBatch
  | TableLike
  | RecordBatchLike
  | AsyncIterable<RecordBatch | RecordBatchLike>
  | Iterable<RecordBatch | RecordBatchLike>
  | readonly Record<string, unknown>[];

function isRecordArray(input: unknown): input is readonly Record<string, unknown>[] {
  return Array.isArray(input) && !isRecordBatchLike(input[0]);
}

/**
 * The record batches of any {@link DatasetInput}, plus its schema when known up front (a table,
 * a batch, records, or a reader that exposes `schema`).
 */
export function toBatchSource(input: DatasetInput): {
  batches: AsyncIterable<RecordBatch> | Iterable<RecordBatch>;
  schema?: Schema;
} {
  if (isTableLike(input)) {
    return { batches: input.batches.map(adoptRecordBatch), schema: adoptSchema(input.schema) };
  }
  if (isRecordBatchLike(input)) {
    return { batches: [adoptRecordBatch(input)], schema: adoptSchema(input.schema) };
  }
  if (isRecordArray(input)) {
    const table = recordsToTable(input);
    return { batches: table.batches, schema: table.schema };
  }
  if (
    typeof input === 'object' &&
    input !== null &&
    (Symbol.asyncIterator in input || Symbol.iterator in input)
  ) {
    const known = (input as { schema?: unknown }).schema;
    const schema = isSchemaLike(known) ? adoptSchema(known) : undefined;
    const batches =
      Symbol.asyncIterator in input
        ? adoptBatches(input as AsyncIterable<unknown>)
        : adoptBatchesSync(input as Iterable<unknown>);
    return { batches, ...(schema ? { schema } : {}) };
  }
  throw new InvalidInputError({
    code: 'UNSUPPORTED_INPUT',
    message:
      'validate() reads an Arrow Table, a RecordBatch, an (async) iterable of RecordBatches or an array of records.',
    details: { path: 'input' },
  });
}

/**
 * Validates a dataset against a suite and returns a ValidationReport. The suite may be a parsed
 * {@link ExpectationSuite}, YAML/JSON text or a plain object (validated first). Batches are
 * processed one at a time, so a stream or a file reader is never held in memory whole. A
 * `sqlTable(engine, ...)` is validated in the engine instead (see {@link validateSql}).
 *
 * @example
 * ```ts
 * const report = await validate(suite, readArrowIpc('orders.arrow'));
 * if (!report.success) console.log(renderSummary(report));
 * ```
 */
export async function validate(
  suite: ExpectationSuite | string | object,
  input: SqlTable,
  options?: ValidateSqlOptions,
): Promise<DataValidationReport>;
export async function validate(
  suite: ExpectationSuite | string | object,
  input: DatasetInput,
  options?: RunSuiteOptions,
): Promise<DataValidationReport>;
export async function validate(
  suite: ExpectationSuite | string | object,
  input: DatasetInput | SqlTable,
  options: RunSuiteOptions & ValidateSqlOptions = {},
): Promise<DataValidationReport> {
  if (isSqlTable(input)) return validateSql(suite, input, options);
  const parsed = parseSuite(suite, options.parameters ? { parameters: options.parameters } : {});
  const { batches, schema } = toBatchSource(input);
  return runSuite(parsed, batches, { ...(schema ? { schema } : {}), ...options });
}
