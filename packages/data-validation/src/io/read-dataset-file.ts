import { InvalidInputError } from '@ballast/contracts';
import type { RecordBatch } from 'apache-arrow';
import { type ReadArrowIpcOptions, readArrowIpc } from './read-arrow-ipc';
import { readCsv } from './read-csv';
import { readJsonLines } from './read-json-lines';
import type { ExpectationSuite } from '../suite/expectation-schemas';
import { readParquet } from './read-parquet';

/**
 * Streams any supported data file as record batches, choosing the reader by extension:
 * `.arrow`/`.arrows`/`.ipc`/`.feather` (Arrow IPC), `.parquet`, `.csv`, `.jsonl`/`.ndjson`.
 * `batchSize` applies to the formats read row by row and to Parquet; `reuseBuffers` to Arrow
 * IPC files; `suite` lets Parquet decode only the columns the suite uses.
 *
 * @example
 * ```ts
 * const report = await validate(suite, readDatasetFile('data/train.parquet'));
 * ```
 */
export function readDatasetFile(
  path: string,
  options: { batchSize?: number; suite?: ExpectationSuite } & ReadArrowIpcOptions = {},
): AsyncGenerator<RecordBatch> {
  const extension = path.toLowerCase().split('.').pop() ?? '';
  if (['arrow', 'arrows', 'ipc', 'feather'].includes(extension)) return readArrowIpc(path, options);
  if (extension === 'parquet') return readParquet(path, options);
  if (extension === 'csv') return readCsv(path, options);
  if (extension === 'jsonl' || extension === 'ndjson') return readJsonLines(path, options);
  throw new InvalidInputError({
    code: 'UNSUPPORTED_FILE_TYPE',
    message: `Cannot tell the format of ${path}; use .arrow, .arrows, .parquet, .csv or .jsonl, or call the matching reader.`,
    details: { path },
  });
}
