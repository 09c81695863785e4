import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { type Table, tableFromArrays, tableFromIPC, tableToIPC } from 'apache-arrow';
import { Table as WasmTable, writeParquet } from 'parquet-wasm/node';

const require = createRequire(import.meta.url);

/** vega-datasets' 200,000 US flights (delay in minutes, distance in miles, time of day in hours). */
export function loadFlights(): Table {
  // The package exports only its JS entry (build/index.js); the data folder sits beside build/.
  const path = join(require.resolve('vega-datasets'), '..', '..', 'data', 'flights-200k.arrow');
  return tableFromIPC(readFileSync(path));
}

/** Writes an Arrow table as a Parquet file through parquet-wasm. */
export function writeParquetFile(path: string, table: Table): void {
  writeFileSync(path, writeParquet(WasmTable.fromIPCStream(tableToIPC(table, 'stream'))));
}

/** The rows `keep` selects, in file order, as a new table (typed arrays, no per-row objects). */
export function pickFlights(flights: Table, keep: (row: number, time: number) => boolean): Table {
  const delay = flights.getChild('delay')?.toArray() as Int16Array;
  const distance = flights.getChild('distance')?.toArray() as Int16Array;
  const time = flights.getChild('time')?.toArray() as Float32Array;
  const rows: number[] = [];
  for (let row = 0; row < time.length; row++) if (keep(row, time[row] ?? 0)) rows.push(row);
  const pick = <T extends Int16Array | Float32Array>(values: T, into: T): T => {
    for (const [index, row] of rows.entries()) into[index] = values[row] ?? 0;
    return into;
  };
  return tableFromArrays({
    delay: pick(delay, new Int16Array(rows.length)),
    distance: pick(distance, new Int16Array(rows.length)),
    time: pick(time, new Float32Array(rows.length)),
  });
}

/**
 * Lays out the job's folders from the flights, which the file holds in date order: the
 * reference is every 4th flight (50,000), and `incoming/` gets two daily drops: every 10th
 * flight from another offset (20,000, distributed like the reference) and 20,000 evening
 * flights (departing at 18:00 or later: later in the day, and more delayed).
 */
export function prepareSampleData(directory: string): { reference: string; incoming: string } {
  const flights = loadFlights();
  const incoming = join(directory, 'incoming');
  mkdirSync(incoming, { recursive: true });
  const reference = join(directory, 'reference.parquet');
  writeParquetFile(
    reference,
    pickFlights(flights, row => row % 4 === 0),
  );
  writeParquetFile(
    join(incoming, '2026-12-01.parquet'),
    pickFlights(flights, row => row % 10 === 1),
  );
  const evening = pickFlights(flights, (row, time) => row % 4 !== 0 && time >= 18);
  writeParquetFile(join(incoming, '2026-12-02.parquet'), evening.slice(0, 20_000));
  return { reference, incoming };
}
