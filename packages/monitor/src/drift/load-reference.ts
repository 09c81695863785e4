import { readFile } from 'node:fs/promises';
import { type DatasetProfile, parseDatasetProfile } from '@ballast/contracts';
import { readDatasetFile } from '@ballast/data-validation';
import { prepareReference } from './compare-window';

interface BatchLike {
  schema: { fields: { name: string }[] };
  getChild(name: string): Iterable<unknown> | null;
}

/**
 * Reads a reference from a file and returns its profile: a `DatasetProfile` as JSON (`.json`),
 * or data read by data-validation's readers (`.parquet`, `.csv`, `.jsonl`/`.ndjson`, Arrow IPC
 * `.arrow`/`.ipc`/`.feather`), profiled once. `columns` keeps only those columns of a data file.
 */
export async function loadReference(
  path: string,
  options: { columns?: readonly string[]; seed?: number } = {},
): Promise<DatasetProfile> {
  if (path.toLowerCase().endsWith('.json')) {
    return parseDatasetProfile(JSON.parse(await readFile(path, 'utf8')));
  }
  const columns = new Map<string, unknown[]>();
  const keep = options.columns ? new Set(options.columns) : undefined;
  for await (const batch of readDatasetFile(path) as AsyncIterable<BatchLike>) {
    for (const { name } of batch.schema.fields) {
      if (keep && !keep.has(name)) continue;
      let values = columns.get(name);
      if (!values) {
        values = [];
        columns.set(name, values);
      }
      // Iterating a vector yields null for null slots (toArray would turn them into zeros).
      for (const value of batch.getChild(name) ?? []) {
        values.push(typeof value === 'bigint' ? Number(value) : value);
      }
    }
  }
  return prepareReference(Object.fromEntries(columns), options.seed);
}
