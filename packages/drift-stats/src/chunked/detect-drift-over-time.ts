import {
  type ColumnDrift,
  type DatasetProfile,
  type DriftReport,
  InvalidInputError,
} from '@ballast/contracts';
import type { ComparisonOptions } from '../column-drift/detect-drift-options';
import { detectDriftSync } from '../detect/detect-drift-sync';
import { isDatasetProfile } from '../detect/is-dataset-profile';
import { readTable, type TableInput } from '../table/read-table';
import {
  type DataDrivenThreshold,
  dataDrivenBounds,
  type ThresholdBounds,
} from './data-driven-threshold';
import { type ChunkSpec, splitIntoChunks, type TableChunk } from './split-chunks';
import type {
  AsyncFittedMultivariateDrift,
  MultivariateDriftOptions,
} from '../multivariate/detect-multivariate-drift';
import { fitMultivariateOnBackend } from '../multivariate/fit-multivariate-on-backend';

/** Options of {@link detectDriftOverTime}. */
export interface DetectDriftOverTimeOptions extends ComparisonOptions {
  /** How the current data is split: `{ size }`, `{ count }` or `{ period, timestampColumn }`. */
  chunks: ChunkSpec;
  /** How the reference is split to learn thresholds (default: like the current data, see the function's docs). */
  referenceChunks?: ChunkSpec;
  /** A multivariate check per chunk into `dataset.multivariate`, fitted once on the reference (table reference only). */
  multivariate?: MultivariateDriftOptions;
  /** Threshold rule: learned from reference chunks (default `{ kind: 'std', multiplier: 3 }`) or `'method'` (each method's fixed threshold). */
  threshold?: DataDrivenThreshold | 'method';
}

/** Where a chunk column's bounds come from. */
export interface ChunkThreshold extends ThresholdBounds {
  /** `'reference-chunks'` (learned) or `'method'` (the method's fixed threshold, when too few reference chunks). */
  source: 'reference-chunks' | 'method';
}

/** A report column of one chunk, with the bounds its statistic was judged against. */
export type ChunkColumnDrift = ColumnDrift & {
  /** Present when the verdict comes from learned bounds on the statistic (not the p-value). */
  thresholdBounds?: ChunkThreshold;
};

/** The drift of one chunk of the current data. */
export interface ChunkDrift {
  /** Which rows or which period. */
  chunk: Omit<TableChunk, 'data' | 'rest'>;
  /** The chunk's report; with learned thresholds each column's `drifted` is `lower <= statistic <= upper` failing. */
  report: ChunkReport;
}

/** A `DriftReport` whose columns may carry learned bounds. */
export type ChunkReport = Omit<DriftReport, 'columns'> & { columns: ChunkColumnDrift[] };

function referenceSpec(
  spec: ChunkSpec,
  chunks: readonly TableChunk[],
  hasTimestamps: boolean,
): ChunkSpec {
  if ('size' in spec) return spec;
  if ('period' in spec && hasTimestamps) return spec;
  const sizes = chunks.map(chunk => chunk.rows).sort((left, right) => left - right);
  return { size: Math.max(1, sizes[Math.floor(sizes.length / 2)] ?? 1) };
}

function withoutColumn(names: readonly string[], excluded: string | undefined): string[] {
  return names.filter(name => name !== excluded);
}

function referenceColumnNames(reference: TableInput | DatasetProfile): string[] {
  if (isDatasetProfile(reference)) return reference.columns.map(column => column.name);
  return [...readTable(reference, 'reference').columns.keys()];
}

/**
 * Methods whose statistic is signed or centred (a shift either way moves it either way); every
 * other statistic only grows with drift, so only its upper bound alarms (NannyML alarms on both,
 * which flags chunks that are merely closer to the reference than usual).
 */
const twoSidedMethods = new Set(['t_test', 'z', 'mannw', 'fisher_exact']);

function judge(column: ColumnDrift, bounds: ChunkThreshold | undefined): ChunkColumnDrift {
  if (bounds === undefined || bounds.source === 'method' || column.statistic === null)
    return column;
  const statistic = column.statistic;
  const { lower: _lower, ...upperOnly } = bounds;
  const applied: ChunkThreshold = twoSidedMethods.has(column.method) ? bounds : upperOnly;
  return {
    ...column,
    threshold: bounds.upper,
    drifted:
      statistic > applied.upper || (applied.lower !== undefined && statistic < applied.lower),
    thresholdBounds: applied,
  };
}

function withVerdicts(
  report: DriftReport,
  bounds: ReadonlyMap<string, ChunkThreshold>,
): ChunkReport {
  const columns = report.columns.map(column => judge(column, bounds.get(column.column)));
  const evaluated = columns.filter(column => column.status === 'ok');
  const driftedColumns = evaluated.filter(column => column.drifted).length;
  const share = evaluated.length === 0 ? 0 : driftedColumns / evaluated.length;
  return {
    ...report,
    columns,
    dataset: {
      ...report.dataset,
      driftedColumns,
      totalColumns: evaluated.length,
      share,
      drifted: evaluated.length > 0 && share >= report.options.driftShare,
    },
  };
}

/**
 * Drift over time: splits the current data into chunks (by row count, chunk count or time
 * period) and compares each chunk with the reference, one `DriftReport` per chunk.
 *
 * By default the thresholds are learned from the reference, as NannyML's are: the reference is
 * split into chunks (of the current chunks' size — `{ size }` as given, `{ count }` and period
 * chunks at their median size — or by the same period when the reference has the timestamp
 * column), each reference chunk is compared with the rest of the reference, and a current chunk's
 * column drifts when its statistic leaves `mean ± 3·std` of the reference chunks' statistics
 * (or chosen quantiles). This works for every univariate method, p-value tests included (their
 * statistic is judged, not the p-value), and keeps a long series of chunks on unchanged data
 * nearly free of alarms. With a `DatasetProfile` reference, or fewer than two usable reference
 * chunks for a column, the method's fixed threshold applies (`thresholdBounds.source: 'method'`).
 *
 * @example
 * ```ts
 * const chunks = await detectDriftOverTime(referenceTable, traffic, {
 *   chunks: { period: 'day', timestampColumn: 'ts' },
 * });
 * for (const { chunk, report } of chunks) console.log(chunk.key, report.dataset.drifted);
 * ```
 */
export async function detectDriftOverTime(
  reference: TableInput | DatasetProfile,
  current: TableInput,
  options: DetectDriftOverTimeOptions,
): Promise<ChunkDrift[]> {
  const {
    chunks: spec,
    referenceChunks,
    threshold = { kind: 'std' },
    multivariate,
    ...comparison
  } = options;
  if (spec === undefined || typeof spec !== 'object') {
    throw new InvalidInputError({
      code: 'INVALID_CHUNKS',
      message:
        'detectDriftOverTime needs options.chunks: { size }, { count } or { period, timestampColumn }.',
      details: { path: 'chunks' },
    });
  }
  const timestampColumn = 'period' in spec ? spec.timestampColumn : undefined;
  const currentChunks = splitIntoChunks(current, spec, 'current');
  const columns =
    comparison.columns ?? withoutColumn(referenceColumnNames(reference), timestampColumn);
  // Each comparison keeps its own verdict rule; corrections would mix p-values into the learned bounds.
  const chunkOptions: ComparisonOptions = {
    ...comparison,
    columns,
    ...(threshold === 'method' ? {} : { correction: 'none' }),
  };
  const bounds = new Map<string, ChunkThreshold>();
  if (threshold !== 'method' && !isDatasetProfile(reference)) {
    const hasTimestamps =
      timestampColumn !== undefined && referenceColumnNames(reference).includes(timestampColumn);
    const referenceParts = splitIntoChunks(
      reference,
      referenceChunks ?? referenceSpec(spec, currentChunks, hasTimestamps),
      'reference',
    );
    const statistics = new Map<string, number[]>();
    for (const part of referenceParts) {
      // Each reference chunk against the rest of the reference, so it is as independent of its
      // baseline as a current chunk is (in-sample statistics would be biased low).
      const report = detectDriftSync(part.rest(), part.data, chunkOptions);
      for (const column of report.columns) {
        if (
          column.status !== 'ok' ||
          column.statistic === null ||
          !Number.isFinite(column.statistic)
        )
          continue;
        const values = statistics.get(column.column) ?? [];
        values.push(column.statistic);
        statistics.set(column.column, values);
      }
    }
    for (const name of columns) {
      const values = statistics.get(name) ?? [];
      bounds.set(
        name,
        values.length >= 2
          ? { ...dataDrivenBounds(values, threshold), source: 'reference-chunks' }
          : { upper: Number.POSITIVE_INFINITY, referenceChunks: values.length, source: 'method' },
      );
    }
  }
  let fitted: AsyncFittedMultivariateDrift | undefined;
  if (multivariate !== undefined) {
    if (isDatasetProfile(reference)) {
      throw new InvalidInputError({
        code: 'OPTION_UNSUPPORTED_FOR_PROFILE',
        message:
          'multivariate drift needs the raw reference rows; pass the reference table, not a DatasetProfile.',
        details: { path: 'multivariate' },
      });
    }
    const sizes = currentChunks.map(chunk => chunk.rows).sort((left, right) => left - right);
    // cpu unless multivariate.backend is 'tfjs' or the method is mmd (tfjs only).
    fitted = await fitMultivariateOnBackend(
      reference,
      multivariate,
      sizes[Math.floor(sizes.length / 2)],
    );
  }
  const results: ChunkDrift[] = [];
  for (const { data, rest: _rest, ...chunk } of currentChunks) {
    const report = withVerdicts(detectDriftSync(reference, data, chunkOptions), bounds);
    if (fitted) report.dataset = { ...report.dataset, multivariate: await fitted.evaluate(data) };
    results.push({ chunk, report });
  }
  return results;
}
