import { createReadStream } from 'node:fs';
import { InvalidInputError } from '@ballast/contracts';
import type { RecordBatch } from 'apache-arrow';
import { parse } from 'csv-parse';
import { batchRecords } from './batch-records';
import { fileOpenError } from './file-open-error';
import type { ReadTextOptions } from './read-json-lines';

const numberPattern = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/** Reads a CSV cell as pandas does by default: empty is null, numbers and true/false typed. */
function cellValue(text: string, quoted: boolean): unknown {
  if (quoted) return text;
  if (text === '' || text === 'NA' || text === 'NaN' || text === 'null') return null;
  if (numberPattern.test(text)) return Number(text);
  if (text === 'true' || text === 'True' || text === 'TRUE') return true;
  if (text === 'false' || text === 'False' || text === 'FALSE') return false;
  return text;
}

/** Options of {@link readCsv}. */
export interface ReadCsvOptions extends ReadTextOptions {
  /** Cell separator, one character (default `,`). */
  delimiter?: string;
  /** Whether the first row names the columns (default `true`); without one they are `0`, `1`, ... */
  header?: boolean;
  /** Column names to use instead of the header row's (which, if present, is then skipped). */
  columns?: string[];
}

/** The 1-based line a csv-parse error points at, when it says. */
function lineOf(error: unknown): number | undefined {
  const lines = (error as { lines?: unknown })?.lines;
  return typeof lines === 'number' ? lines : undefined;
}

async function* csvRecords(
  path: string,
  options: ReadCsvOptions,
): AsyncGenerator<Record<string, unknown>> {
  const stream = createReadStream(path);
  await new Promise<void>((resolve, reject) => {
    stream.once('open', () => resolve());
    stream.once('error', reject);
  }).catch(cause => {
    throw fileOpenError(path, cause);
  });
  const header = options.header ?? true;
  // The first row names the columns unless the caller does; it is then kept as text.
  const namesFromFirstRow = header && !options.columns;
  const parser = stream.pipe(
    parse({
      // Excel writes a UTF-8 byte-order mark; it must not become part of the first column name.
      bom: true,
      delimiter: options.delimiter ?? ',',
      skip_empty_lines: true,
      cast: (value, context) =>
        namesFromFirstRow && context.records === 0 ? value : cellValue(value, context.quoting),
    }),
  );
  let names = options.columns;
  let skipFirst = header && options.columns !== undefined;
  try {
    for await (const cells of parser as AsyncIterable<unknown[]>) {
      if (skipFirst) {
        skipFirst = false;
        continue;
      }
      if (!names) {
        names = header ? cells.map(String) : cells.map((_, index) => String(index));
        if (header) continue;
      }
      if (cells.length !== names.length) {
        const line = (parser as unknown as { info: { lines: number } }).info.lines;
        throw new InvalidInputError({
          code: 'INVALID_CSV_ROW',
          message: `${path}:${line} has ${cells.length} cells, the header has ${names.length}`,
          details: { path, line },
        });
      }
      const record: Record<string, unknown> = {};
      names.forEach((name, position) => {
        record[name] = cells[position];
      });
      yield record;
    }
  } catch (cause) {
    if (InvalidInputError.isInstance(cause)) throw cause;
    const line = lineOf(cause);
    throw new InvalidInputError({
      code: 'INVALID_CSV_ROW',
      message: `${path}${line === undefined ? '' : `:${line}`}: ${(cause as Error).message}`,
      details: { path, ...(line === undefined ? {} : { line }) },
      cause,
    });
  } finally {
    stream.destroy();
  }
}

/**
 * Streams a CSV file (RFC 4180 quoting, parsed by `csv-parse`; a UTF-8 byte-order mark is
 * dropped) as Arrow record batches. Unquoted
 * cells are typed as pandas' `read_csv` does by default (numbers, booleans, empty/`NA`/`NaN`
 * as null); the schema is inferred from the first batch.
 *
 * @example
 * ```ts
 * const report = await validate(suite, readCsv('orders.csv'));
 * ```
 */
export function readCsv(path: string, options: ReadCsvOptions = {}): AsyncGenerator<RecordBatch> {
  return batchRecords(csvRecords(path, options), options.batchSize ?? 65_536, options.schema);
}
