import { open } from 'node:fs/promises';
import { makeData, RecordBatch, RecordBatchReader, Struct } from 'apache-arrow';
import { fileOpenError } from './file-open-error';

/**
 * Streams the record batches of an Arrow IPC file, in either the file format (`.arrow`,
 * read with random access) or the stream format (`.arrows`), without loading it whole. A file
 * with no batches yields one empty batch so its schema is still known.
 *
 * @example
 * ```ts
 * for await (const batch of readArrowIpc('events.arrow')) console.log(batch.numRows);
 * ```
 */
export async function* readArrowIpc(path: string): AsyncGenerator<RecordBatch> {
  const handle = await open(path, 'r').catch(cause => {
    throw fileOpenError(path, cause);
  });
  try {
    const reader = await RecordBatchReader.from(handle);
    let batches = 0;
    for await (const batch of reader) {
      batches++;
      yield batch;
    }
    if (batches === 0) {
      // An empty file still has a schema; one empty batch carries it to the validator, so
      // expectations on existing columns are not reported as COLUMN_MISSING.
      const { schema } = reader;
      const children = schema.fields.map(field =>
        makeData({ type: field.type, length: 0, nullCount: 0 }),
      );
      yield new RecordBatch(
        schema,
        makeData({ type: new Struct(schema.fields), length: 0, nullCount: 0, children }),
      );
    }
  } finally {
    await handle.close();
  }
}
