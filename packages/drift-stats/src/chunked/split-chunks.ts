import { InvalidInputError } from '@ballast/contracts';
import type { Vector } from 'apache-arrow';
import { isArrowVector } from '../input/arrow-guards';
import { type ColumnInput, isArrowTable, readTable, type TableInput } from '../table/read-table';

/** A calendar period or a fixed duration such as `'15m'`, `'6h'`, `'2d'` (UTC). */
export type ChunkPeriod =
  | 'minute'
  | 'hour'
  | 'day'
  | 'week'
  | 'month'
  | `${number}m`
  | `${number}h`
  | `${number}d`;

/**
 * How the current data is split: consecutive rows `size` at a time, into `count` nearly equal
 * parts, or by the UTC `period` of `timestampColumn` (a `Date`, epoch milliseconds or an ISO
 * string per row).
 */
export type ChunkSpec =
  | { size: number }
  | { count: number }
  | { period: ChunkPeriod; timestampColumn: string };

/** One chunk of a table: which rows, and the rows as named columns. */
export interface TableChunk {
  /** Position of the chunk, from 0. */
  index: number;
  /** `rows a-b` for size and count chunks, the period's start (ISO) for period chunks. */
  key: string;
  /** First row (inclusive) and last row (exclusive) for contiguous chunks. */
  startRow?: number;
  endRow?: number;
  /** Period chunks: start (inclusive) and end (exclusive) as ISO timestamps. */
  startTime?: string;
  endTime?: string;
  /** Rows in the chunk. */
  rows: number;
  /** The chunk's rows as named columns (Arrow columns are sliced without copying). */
  data: Readonly<Record<string, ColumnInput>>;
  /** Every other row of the table, as named columns (built on demand). */
  rest: () => Readonly<Record<string, ColumnInput>>;
}

const minute = 60_000;
const hour = 60 * minute;
const day = 24 * hour;

function invalid(path: string, message: string, received?: unknown): InvalidInputError {
  return new InvalidInputError({
    code: 'INVALID_CHUNKS',
    message,
    details: { path, ...(received === undefined ? {} : { received }) },
  });
}

/** The start (epoch ms) of the period holding `time`. */
function periodStart(time: number, period: ChunkPeriod): number {
  if (period === 'month') {
    const date = new Date(time);
    return Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), 1);
  }
  // 1970-01-01 was a Thursday; weeks start on Monday, as ISO weeks do.
  if (period === 'week') return Math.floor((time - 4 * day) / (7 * day)) * 7 * day + 4 * day;
  const width = periodWidth(period);
  return Math.floor(time / width) * width;
}

function periodWidth(period: ChunkPeriod): number {
  if (period === 'minute') return minute;
  if (period === 'hour') return hour;
  if (period === 'day') return day;
  const match = /^(\d+(?:\.\d+)?)([mhd])$/.exec(period);
  const amount = match ? Number(match[1]) : Number.NaN;
  if (!match || !(amount > 0)) {
    throw invalid(
      'chunks.period',
      `Invalid chunk period "${period}": use minute, hour, day, week, month or a duration such as 15m, 6h, 2d.`,
      period,
    );
  }
  return amount * (match[2] === 'm' ? minute : match[2] === 'h' ? hour : day);
}

function periodEnd(start: number, period: ChunkPeriod): number {
  if (period === 'month') {
    const date = new Date(start);
    return Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 1);
  }
  return start + (period === 'week' ? 7 * day : periodWidth(period));
}

function toTime(value: unknown, row: number, column: string): number {
  const time =
    value instanceof Date
      ? value.getTime()
      : typeof value === 'number'
        ? value
        : typeof value === 'bigint'
          ? Number(value)
          : typeof value === 'string'
            ? Date.parse(value)
            : Number.NaN;
  if (!Number.isFinite(time)) {
    throw invalid(
      `chunks.timestampColumn`,
      `Row ${row} of timestamp column "${column}" is not a time (a Date, epoch milliseconds or an ISO string): ${String(value)}.`,
      column,
    );
  }
  return time;
}

function timestamps(input: TableInput, column: string, rows: number): number[] {
  let values: unknown;
  if (isArrowTable(input)) values = input.getChild(column) ?? undefined;
  else if (Array.isArray(input))
    values = (input as ReadonlyArray<Record<string, unknown>>).map(record => record[column]);
  else values = (input as Record<string, ColumnInput>)[column];
  if (values === undefined) {
    throw new InvalidInputError({
      code: 'COLUMN_MISSING',
      message: `The timestamp column "${column}" named in chunks.timestampColumn is not in the current data.`,
      details: { path: 'chunks.timestampColumn', column },
    });
  }
  const read = isArrowVector(values)
    ? (index: number) => (values as Vector).get(index)
    : (index: number) => (values as ArrayLike<unknown>)[index];
  return Array.from({ length: rows }, (_, index) => toTime(read(index), index, column));
}

/** Rows `start..end` of a column, without copying where the storage allows it. */
function sliceColumn(values: ColumnInput, start: number, end: number): ColumnInput {
  if (isArrowVector(values)) return (values as Vector).slice(start, end) as ColumnInput;
  if (ArrayBuffer.isView(values))
    return (values as unknown as Float64Array).subarray(start, end) as unknown as ColumnInput;
  return (values as readonly unknown[]).slice(start, end) as ColumnInput;
}

/** A column without rows `start..end`. */
function withoutRange(values: ColumnInput, start: number, end: number): ColumnInput {
  if (isArrowVector(values)) {
    const vector = values as Vector;
    return vector.slice(0, start).concat(vector.slice(end)) as ColumnInput;
  }
  if (ArrayBuffer.isView(values)) {
    const typed = values as unknown as Float64Array;
    const Constructor = typed.constructor as Float64ArrayConstructor;
    const joined = new Constructor(typed.length - (end - start));
    joined.set(typed.subarray(0, start));
    joined.set(typed.subarray(end), start);
    return joined as unknown as ColumnInput;
  }
  const array = values as readonly unknown[];
  return [...array.slice(0, start), ...array.slice(end)] as ColumnInput;
}

/** Rows at `indices` of a column, as a plain array (typed arrays keep their type). */
function takeColumn(values: ColumnInput, indices: readonly number[]): ColumnInput {
  if (isArrowVector(values)) {
    const vector = values as Vector;
    return indices.map(index => vector.get(index)) as ColumnInput;
  }
  if (ArrayBuffer.isView(values)) {
    const typed = values as unknown as Float64Array;
    const Constructor = typed.constructor as Float64ArrayConstructor;
    return Constructor.from(indices, index => typed[index] as number) as unknown as ColumnInput;
  }
  const array = values as readonly unknown[];
  return indices.map(index => array[index]) as ColumnInput;
}

function contiguous(
  columns: Map<string, ColumnInput>,
  ranges: ReadonlyArray<readonly [number, number]>,
): TableChunk[] {
  return ranges.map(([start, end], index) => ({
    index,
    key: `rows ${start}-${end - 1}`,
    startRow: start,
    endRow: end,
    rows: end - start,
    data: Object.fromEntries(
      [...columns].map(([name, values]) => [name, sliceColumn(values, start, end)]),
    ),
    rest: () =>
      Object.fromEntries(
        [...columns].map(([name, values]) => [name, withoutRange(values, start, end)]),
      ),
  }));
}

/**
 * Splits a table into chunks: `{ size }` (the last chunk may be smaller), `{ count }` (sizes
 * differ by at most one row) or `{ period, timestampColumn }` (rows grouped by the UTC period of
 * their timestamp, in time order; empty periods are skipped). The timestamp column is left out
 * of the chunks' columns.
 */
export function splitIntoChunks(
  input: TableInput,
  spec: ChunkSpec,
  side = 'current',
): TableChunk[] {
  const timestampColumn = 'period' in spec ? spec.timestampColumn : undefined;
  const table = readTable(
    input,
    side,
    timestampColumn === undefined ? undefined : columnsExcept(input, timestampColumn),
  );
  const columns = new Map([...table.columns].map(([name, column]) => [name, column.values]));
  const rows = table.rowCount;
  if ('size' in spec) {
    if (!(Number.isInteger(spec.size) && spec.size >= 1))
      throw invalid('chunks.size', 'chunks.size must be a positive integer.', spec.size);
    const ranges: [number, number][] = [];
    for (let start = 0; start < rows; start += spec.size)
      ranges.push([start, Math.min(rows, start + spec.size)]);
    return contiguous(columns, ranges);
  }
  if ('count' in spec) {
    if (!(Number.isInteger(spec.count) && spec.count >= 1))
      throw invalid('chunks.count', 'chunks.count must be a positive integer.', spec.count);
    const count = Math.min(spec.count, Math.max(rows, 1));
    const ranges: [number, number][] = Array.from({ length: count }, (_, index) => [
      Math.floor((index * rows) / count),
      Math.floor(((index + 1) * rows) / count),
    ]);
    return contiguous(columns, ranges);
  }
  const period = spec.period;
  periodStart(0, period); // validates the period before reading rows
  const times = timestamps(input, spec.timestampColumn, rows);
  const groups = new Map<number, number[]>();
  times.forEach((time, row) => {
    const start = periodStart(time, period);
    const group = groups.get(start);
    if (group) group.push(row);
    else groups.set(start, [row]);
  });
  return [...groups.keys()]
    .sort((left, right) => left - right)
    .map((start, index) => {
      const indices = groups.get(start) as number[];
      const first = indices[0] as number;
      const isRun = indices.every((row, position) => row === first + position);
      return {
        index,
        key: new Date(start).toISOString(),
        startTime: new Date(start).toISOString(),
        endTime: new Date(periodEnd(start, period)).toISOString(),
        rows: indices.length,
        data: Object.fromEntries(
          [...columns].map(([name, values]) => [
            name,
            isRun
              ? sliceColumn(values, first, first + indices.length)
              : takeColumn(values, indices),
          ]),
        ),
        rest: () => {
          const inChunk = new Set(indices);
          const others = Array.from({ length: rows }, (_, row) => row).filter(
            row => !inChunk.has(row),
          );
          return Object.fromEntries(
            [...columns].map(([name, values]) => [name, takeColumn(values, others)]),
          );
        },
      };
    });
}

/** Every column name of a table except `excluded`. */
function columnsExcept(input: TableInput, excluded: string): string[] {
  if (isArrowTable(input))
    return input.schema.fields.map(field => field.name).filter(name => name !== excluded);
  if (Array.isArray(input)) {
    const names = new Set<string>();
    for (const record of input as ReadonlyArray<Record<string, unknown>>)
      for (const key of Object.keys(record)) names.add(key);
    names.delete(excluded);
    return [...names];
  }
  return Object.keys(input).filter(name => name !== excluded);
}
