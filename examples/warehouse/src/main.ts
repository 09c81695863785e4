// A walk-through of Ballast on a warehouse engine: DuckDB reads Parquet files in place, and the
// validation report, the profiles and the drift report are computed by the engine; only
// aggregates reach Node. Run it with `pnpm start` (tsx src/main.ts [--dir DIR]).
import { mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { validate } from '@ballast/data-validation';
import { detectDrift, profile } from '@ballast/drift-stats';
import { createFileTransport, startRun, validationReportFacet } from '@ballast/lineage';
import { sqlTable, sqlTableDataset } from '@ballast/warehouse';
import { createDuckDbEngine } from '@ballast/warehouse/duckdb';

const { values } = parseArgs({
  options: { dir: { type: 'string', default: join(tmpdir(), 'ballast-warehouse-example') } },
});
const directory = values.dir;
rmSync(directory, { recursive: true, force: true });
mkdirSync(directory, { recursive: true });
const januaryFile = join(directory, 'trips-2024-01.parquet');
const februaryFile = join(directory, 'trips-2024-02.parquet');

// 1. An embedded DuckDB with a memory limit: it spills to disk rather than exceed it.
const engine = await createDuckDbEngine({ memoryLimit: '512MB', threads: 2 });

// 2. Two months of taxi trips as Parquet (written by DuckDB itself, so the example needs no data
//    download). February's fares are higher and some of its distances are missing.
const literal = (path: string) => `'${path.replaceAll("'", "''")}'`;
for (const [file, month, shift, missing] of [
  [januaryFile, '2024-01-01', 0, 0],
  [februaryFile, '2024-02-01', 6, 0.02],
] as const) {
  await engine.query({
    text: `copy (
      select
        i as trip_id,
        timestamp '${month}' + to_seconds(i * 26) as pickup_at,
        case when random() < ${missing} then null else round(0.5 + 12 * random() * random(), 2) end as distance_km,
        round(4 + ${shift} + 9 * random() + 3 * random(), 2) as fare,
        ['card', 'cash', 'app'][1 + (i % 3)::int] as payment
      from range(100000) r(i)
    ) to ${literal(file)} (format parquet)`,
  });
}
console.log(`data      two months of trips written to ${directory}`);

// 3. Name what to read: a query over the file, read in place.
const january = sqlTable(engine, `select * from read_parquet(${literal(januaryFile)})`);
const february = sqlTable(engine, `select * from read_parquet(${literal(februaryFile)})`);

// 4. Validate February in SQL: one aggregate scan, the same ValidationReport as the Arrow engine.
const suite = {
  name: 'trips',
  expectations: [
    { type: 'expect_column_values_to_not_be_null', kwargs: { column: 'trip_id' } },
    { type: 'expect_column_values_to_be_unique', kwargs: { column: 'trip_id' } },
    {
      type: 'expect_column_values_to_not_be_null',
      kwargs: { column: 'distance_km', mostly: 0.99 },
    },
    {
      type: 'expect_column_values_to_be_between',
      kwargs: { column: 'fare', min_value: 0, max_value: 30 },
    },
    {
      type: 'expect_column_values_to_be_in_set',
      kwargs: { column: 'payment', value_set: ['card', 'cash', 'app'] },
    },
    {
      type: 'expect_column_mean_to_be_between',
      kwargs: { column: 'fare', min_value: 8, max_value: 12 },
    },
  ],
};
const report = await validate(suite, february, { timeoutMs: 60_000 });
console.log(
  `validate  suite ${report.suite} on February: ${report.success ? 'passed' : 'FAILED'}, ${report.statistics.successful} of ${report.statistics.evaluated} expectations met`,
);
for (const result of report.results.filter(result => !result.success)) {
  console.log(
    `          failed: ${result.expectation.type} on ${String(result.expectation.kwargs.column)}: ${result.code ?? ''}`,
  );
}

// 5. Profile January in SQL: the reference profile, stored as JSON, never its rows. Then compare
//    a sample of February with it (a reservoir sample drawn by DuckDB, 20 000 rows).
const columns = ['distance_km', 'fare', 'payment'];
const reference = await profile(january, { columns });
const { rows: sample } = await engine.query({
  text: `select distance_km, fare, payment from read_parquet($1)
         using sample reservoir(20000 rows) repeatable (42)`,
  parameters: [februaryFile],
});
const drift = await detectDrift(reference, sample);
const drifted = drift.columns.filter(column => column.drifted).map(column => column.column);
console.log(
  `profile   January profiled in DuckDB (${reference.rowCount} rows); February sample of ${sample.length}: drift in ${drifted.join(', ') || 'none'}`,
);

// 6. Lineage: the input dataset is named as OpenLineage names it (here the Parquet file).
const lineagePath = join(directory, 'lineage.jsonl');
const transport = createFileTransport({ path: lineagePath });
const input = sqlTableDataset(february);
const run = await startRun(transport, {
  job: { namespace: 'ballast-examples', name: 'trips.validate' },
  inputs: [input],
});
await run.complete([], {
  inputs: [{ ...input, facets: { ballast_validationReport: validationReportFacet(report) } }],
});
await transport.close?.();
console.log(`lineage   input ${input.namespace}:${input.name}; events in ${lineagePath}`);

await engine.close();
