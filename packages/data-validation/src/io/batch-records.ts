import type { RecordBatch, Schema } from 'apache-arrow';
import { inferRecordSchema, recordsToBatch } from '../records/records-to-arrow';

/**
 * Groups a stream of records into record batches of `batchSize` rows. The schema is inferred
 * from the first batch (or given) and kept for every later batch.
 */
export async function* batchRecords(
  records: AsyncIterable<Record<string, unknown>> | Iterable<Record<string, unknown>>,
  batchSize: number,
  schema?: Schema,
): AsyncGenerator<RecordBatch> {
  let pending: Record<string, unknown>[] = [];
  let fixed = schema;
  let firstRow = 0;
  const flush = () => {
    fixed ??= inferRecordSchema(pending);
    const batch = recordsToBatch(pending, fixed, firstRow);
    firstRow += pending.length;
    pending = [];
    return batch;
  };
  for await (const record of records) {
    pending.push(record);
    if (pending.length >= batchSize) yield flush();
  }
  if (pending.length > 0) yield flush();
}
