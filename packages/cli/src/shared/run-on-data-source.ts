import type { SqlTable } from '@ballast/contracts';
import { fileDataset, type OpenLineageFacet } from '@ballast/lineage';
import { sqlTableDataset } from '@ballast/warehouse';
import { CliError } from './cli-error';
import { type CliContext, resolvePath } from './context';
import { startCliLineageRun } from './lineage-run';
import { openWarehouseTable, usesWarehouse, type WarehouseOptions } from './warehouse-table';

/** What a command does with each kind of source. */
export interface DataSourceRunners<T> {
  /** The source is a table (or query) in the engine named by `--engine`; `signal` aborts on Ctrl-C. */
  table(table: SqlTable, signal: AbortSignal): Promise<T>;
  /** The source is the data file argument. */
  file(path: string): Promise<T>;
  /** Dataset facets for the input on the COMPLETE event (for example the validation report). */
  inputFacets?(result: T): Record<string, OpenLineageFacet>;
}

/**
 * Runs a command on its source, a data file or `--engine … --table …`, and, with `--lineage`,
 * records the run as OpenLineage (START, then COMPLETE or FAIL) with the source as the input
 * dataset named per the OpenLineage naming spec. The engine is closed whatever happens, and
 * an interrupt (SIGINT, SIGTERM, or the context's `shutdownSignal`) cancels the queries in the
 * engine rather than leaving them running on the server.
 */
export async function runOnDataSource<T>(
  context: CliContext,
  data: string | undefined,
  options: WarehouseOptions & { lineage?: string },
  job: string,
  runners: DataSourceRunners<T>,
): Promise<T> {
  const warehouse = usesWarehouse(data, options);
  const opened = warehouse ? await openWarehouseTable(context, options) : undefined;
  const interrupt = opened ? onInterrupt(context) : undefined;
  try {
    const input = opened
      ? sqlTableDataset(opened.table)
      : fileDataset(resolvePath(context, data as string));
    const lineage = await startCliLineageRun(context, options.lineage, job, input);
    let result: T;
    try {
      result =
        opened && interrupt
          ? await runners.table(opened.table, interrupt.signal)
          : await runners.file(data as string);
    } catch (error) {
      await lineage?.fail(error);
      throw error;
    }
    await lineage?.complete(runners.inputFacets?.(result));
    return result;
  } finally {
    interrupt?.dispose();
    await opened?.close();
  }
}

/** An AbortSignal that fires on SIGINT/SIGTERM (or the context's shutdown signal), until disposed. */
function onInterrupt(context: CliContext): { signal: AbortSignal; dispose(): void } {
  const controller = new AbortController();
  const abort = () =>
    controller.abort(
      new CliError({
        code: 'INTERRUPTED',
        message: 'Interrupted; the queries running in the engine were cancelled.',
      }),
    );
  if (context.shutdownSignal) {
    void context.shutdownSignal.then(abort);
    return { signal: controller.signal, dispose: () => {} };
  }
  process.once('SIGINT', abort);
  process.once('SIGTERM', abort);
  return {
    signal: controller.signal,
    dispose: () => {
      process.off('SIGINT', abort);
      process.off('SIGTERM', abort);
    },
  };
}
