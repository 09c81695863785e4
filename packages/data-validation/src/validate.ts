import { InvalidInputError } from '@ballast/contracts';
import { RecordBatch, Table } from 'apache-arrow';
import { type DataValidationReport, type RunSuiteOptions, runSuite } from './engine/run-suite';
import { recordsToTable } from './records/records-to-arrow';
import type { ExpectationSuite } from './suite/expectation-schemas';
import { parseSuite } from './suite/parse-suite';

/** Anything {@link validate} can read. */
export type DatasetInput =
  | Table
  | RecordBatch
  | AsyncIterable<RecordBatch>
  | Iterable<RecordBatch>
  | readonly Record<string, unknown>[];

function isRecordArray(input: unknown): input is readonly Record<string, unknown>[] {
  return Array.isArray(input) && !(input[0] instanceof RecordBatch);
}

/**
 * The record batches of any {@link DatasetInput}, plus its schema when known up front (a table,
 * a batch, records, or a reader that exposes `schema`).
 *
 * @example
 * ```ts
 * const { batches, schema } = toBatchSource(table);
 * ```
 */
export function toBatchSource(input: DatasetInput): {
  batches: AsyncIterable<RecordBatch> | Iterable<RecordBatch>;
  schema?: Table['schema'];
} {
  if (input instanceof Table) return { batches: input.batches, schema: input.schema };
  if (input instanceof RecordBatch) return { batches: [input], schema: input.schema };
  if (isRecordArray(input)) {
    const table = recordsToTable(input);
    return { batches: table.batches, schema: table.schema };
  }
  if (
    typeof input === 'object' &&
    input !== null &&
    (Symbol.asyncIterator in input || Symbol.iterator in input)
  ) {
    const schema = (input as { schema?: Table['schema'] }).schema;
    return { batches: input as AsyncIterable<RecordBatch>, ...(schema ? { schema } : {}) };
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
 * processed one at a time, so a stream or a file reader is never held in memory whole.
 *
 * @example
 * ```ts
 * const report = await validate(suite, readArrowIpc('orders.arrow'));
 * if (!report.success) console.log(renderSummary(report));
 * ```
 */
export async function validate(
  suite: ExpectationSuite | string | object,
  input: DatasetInput,
  options: RunSuiteOptions = {},
): Promise<DataValidationReport> {
  const parsed = parseSuite(suite, options.parameters ? { parameters: options.parameters } : {});
  const { batches, schema } = toBatchSource(input);
  return runSuite(parsed, batches, { ...(schema ? { schema } : {}), ...options });
}
